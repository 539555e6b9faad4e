package io.fleetstorm.hub;

import java.util.Locale;

/** Why a device connection ended. */
public enum CloseReason {
    /** The device sent DISCONNECT. */
    CLIENT_DISCONNECT,
    /** The TCP connection closed without DISCONNECT. */
    CONNECTION_LOST,
    /** Nothing received for 1.5 x KeepAlive. */
    KEEPALIVE_TIMEOUT,
    /** A newer connection with the same ClientId took over. */
    KICKED_BY_NEW_LOGIN,
    /** A PUBLISH with QoS 2, or a payload over the size limit. */
    PROTOCOL_VIOLATION,
    /** The hub stopped. */
    HUB_STOPPED,
    /** Closed by an injected random disconnect ({@link HubFaults}). */
    FAULT_INJECTED,
    /** The device was deleted through the API (DeleteDevice), which ends its connection as the cloud does. */
    DEVICE_DELETED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
