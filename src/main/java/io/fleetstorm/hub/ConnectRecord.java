package io.fleetstorm.hub;

/**
 * What a device sent in its CONNECT, as the hub saw it. The password itself is never kept: only its method suffix.
 *
 * @param clientId          the ClientId
 * @param userName          the UserName, or null when absent (or sent without a password, which vertx-mqtt hides)
 * @param passwordMethod    the text after the last ';' of the password ({@code hmacsha256}), "" if none, null if no password
 * @param keepAliveSeconds  the KeepAlive
 * @param cleanSession      the cleanSession flag
 * @param protocolVersion   3 (MQIsdp) or 4
 * @param willFlag          the will flag (accepted, ignored)
 * @param tls               whether the connection is TLS
 * @param clientCertificate whether a client certificate was presented
 * @param remoteAddress     host:port of the device
 */
public record ConnectRecord(
        String clientId,
        String userName,
        String passwordMethod,
        int keepAliveSeconds,
        boolean cleanSession,
        int protocolVersion,
        boolean willFlag,
        boolean tls,
        boolean clientCertificate,
        String remoteAddress) {
}
