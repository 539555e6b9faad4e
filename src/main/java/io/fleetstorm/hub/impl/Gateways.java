package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.BindSignature;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.GatewayMessage;
import io.fleetstorm.protocol.GatewayMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.TopicPermissions;
import io.fleetstorm.protocol.Topics;
import io.fleetstorm.tls.PemFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateways and their sub-devices (addendum section 11): the requests on {@code $gateway/operation/PID/DN} (bind,
 * unbind, online, offline, describe_sub_devices) answered on the result topic, the API's bind and unbind with their
 * {@code change} notices, and which gateway connection each online sub-device is proxied through.
 *
 * <p>Requests run on the gateway connection's event loop, as does every change to its {@link GatewayLink}; the
 * proxy map is concurrent because routing and {@code isOnline} read it from every thread.
 */
final class Gateways {

    private static final Logger LOG = LoggerFactory.getLogger(Gateways.class);
    /** Sub-devices bound to one gateway (the cloud's product limit). */
    static final int MAX_SUB_DEVICES_PER_GATEWAY = 1_500;
    /** How far a bind request's timestamp may be from the hub's clock. */
    static final long BIND_WINDOW_SECONDS = 600;

    final GatewayTopology topology = new GatewayTopology(MAX_SUB_DEVICES_PER_GATEWAY);
    private final ConcurrentHashMap<DeviceId, DeviceConnection> proxies = new ConcurrentHashMap<>();
    private final HubCore core;

    Gateways(HubCore core) {
        this.core = core;
    }

    boolean isGateway(DeviceId id) {
        return core.registry.product(id.productId()).map(Product::gateway).orElse(false);
    }

    boolean isProxied(DeviceId sub) {
        return proxies.containsKey(sub);
    }

    /** The gateway connection the sub-device is online through, or null. */
    DeviceConnection proxyOf(DeviceId sub) {
        return proxies.get(sub);
    }

    int subDevicesOnline() {
        return proxies.size();
    }

    /** A message a gateway published to its {@code $gateway/operation/} topic; on the gateway's event loop. */
    void handle(DeviceConnection gateway, byte[] payload) {
        GatewayMessage message;
        try {
            message = GatewayMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            core.features.gatewayInvalid.increment();
            LOG.debug("gateway message of {} dropped: {}", gateway.deviceId().clientId(), e.getMessage());
            return;
        }
        FeatureCounters.increment(core.features.gatewayRequests, message.type());
        switch (message.type()) {
            case GatewayMessages.TYPE_ONLINE -> answer(gateway, message, this::online);
            case GatewayMessages.TYPE_OFFLINE -> answer(gateway, message, this::offline);
            case GatewayMessages.TYPE_BIND -> answer(gateway, message, this::bind);
            case GatewayMessages.TYPE_UNBIND -> answer(gateway, message, this::unbind);
            case GatewayMessages.TYPE_DESCRIBE -> describe(gateway.deviceId());
            default -> {
                // acknowledgements of change, search_devices and unbind_all need no answer; unknown types neither
            }
        }
    }

    /** Computes one entry's result. */
    @FunctionalInterface
    private interface EntryHandler {
        int result(DeviceConnection gateway, GatewayMessage.Entry entry);
    }

    private void answer(DeviceConnection gateway, GatewayMessage message, EntryHandler handler) {
        List<GatewayMessages.Result> results = new ArrayList<>(message.devices().size());
        for (GatewayMessage.Entry entry : message.devices()) {
            int result = handler.result(gateway, entry);
            FeatureCounters.increment(core.features.gatewayResults, result);
            results.add(new GatewayMessages.Result(entry.productId(), entry.deviceName(), result));
        }
        send(gateway.deviceId(), GatewayMessages.answer(message.type(), results), 0);
    }

    private int online(DeviceConnection gateway, GatewayMessage.Entry entry) {
        if (!entry.valid()) {
            return GatewayMessages.RESULT_BAD_PARAMETER;
        }
        DeviceId sub = entry.id();
        Optional<Device> device = core.registry.device(sub);
        if (device.isEmpty()) {
            return GatewayMessages.RESULT_NO_SUCH_DEVICE;
        }
        if (!topology.isBound(gateway.deviceId(), sub)) {
            return GatewayMessages.RESULT_NOT_BOUND;
        }
        if (!device.get().enabled()) {
            return GatewayMessages.RESULT_FORBIDDEN;
        }
        GatewayLink link = gateway.gatewayLink();
        if (link.isOnline(sub)) {
            return GatewayMessages.RESULT_OK; // a repeated online changes nothing
        }
        Product product = core.registry.product(sub.productId()).orElseThrow();
        link.add(sub, new GatewayLink.Proxied(new TopicPermissions(sub, product.customTopics()),
                new UplinkQuota(core.limits.uplinkMessagesPerSecond())));
        DeviceConnection stale = proxies.put(sub, gateway);
        if (stale != null && stale != gateway) {
            stale.runOnLoop(() -> offlineOnLoop(stale, sub));
        }
        // the newer login wins, as for a second direct connection: a direct connection of the sub-device is closed
        core.existingSession(sub.clientId()).map(DeviceSession::connection)
                .ifPresent(direct -> direct.closeFromAnyThread(CloseReason.KICKED_BY_NEW_LOGIN));
        core.events.subDevice(gateway.deviceId().clientId(), sub.clientId(), true);
        return GatewayMessages.RESULT_OK;
    }

    private int offline(DeviceConnection gateway, GatewayMessage.Entry entry) {
        if (!entry.valid()) {
            return GatewayMessages.RESULT_BAD_PARAMETER;
        }
        DeviceId sub = entry.id();
        if (core.registry.device(sub).isEmpty()) {
            return GatewayMessages.RESULT_NO_SUCH_DEVICE;
        }
        if (!topology.isBound(gateway.deviceId(), sub)) {
            return GatewayMessages.RESULT_NOT_BOUND;
        }
        offlineOnLoop(gateway, sub); // an offline sub-device going offline again is no error
        return GatewayMessages.RESULT_OK;
    }

    /** The [hub] check order of addendum section 11, after the entry's own fields (801 when missing). */
    private int bind(DeviceConnection gateway, GatewayMessage.Entry entry) {
        if (!entry.valid() || entry.signature() == null || entry.random() == null || entry.timestamp() == null) {
            return GatewayMessages.RESULT_BAD_PARAMETER;
        }
        DeviceId sub = entry.id();
        Optional<Device> device = core.registry.device(sub);
        if (device.isEmpty()) {
            return GatewayMessages.RESULT_NO_SUCH_DEVICE;
        }
        if (isGateway(sub)) {
            return GatewayMessages.RESULT_NOT_A_GENERAL_DEVICE;
        }
        if (!core.registry.product(gateway.deviceId().productId()).orElseThrow().subProducts()
                .contains(sub.productId())) {
            return GatewayMessages.RESULT_UNSUPPORTED_SUB_DEVICE_TYPE;
        }
        Optional<SignMethod> method = BindSignature.method(entry.signMethod());
        if (method.isEmpty()) {
            return GatewayMessages.RESULT_UNSUPPORTED_SIGN_METHOD;
        }
        long nowS = core.millisClock.getAsLong() / 1000;
        if (Math.abs(nowS - entry.timestamp()) > BIND_WINDOW_SECONDS) {
            return GatewayMessages.RESULT_SIGNATURE_EXPIRED;
        }
        if (!BindSignature.verify(entry.signature(), method.get(), bindKey(device.get()), sub, entry.random(),
                entry.timestamp())) {
            return GatewayMessages.RESULT_BAD_SIGNATURE;
        }
        return switch (topology.bind(gateway.deviceId(), sub)) {
            case BOUND -> GatewayMessages.RESULT_OK;
            case ALREADY_HERE -> GatewayMessages.RESULT_ALREADY_BOUND;
            case ELSEWHERE -> GatewayMessages.RESULT_BOUND_ELSEWHERE;
            case LIMIT -> GatewayMessages.RESULT_BAD_PARAMETER;
        };
    }

    private int unbind(DeviceConnection gateway, GatewayMessage.Entry entry) {
        if (!entry.valid()) {
            return GatewayMessages.RESULT_BAD_PARAMETER;
        }
        DeviceId sub = entry.id();
        if (core.registry.device(sub).isEmpty()) {
            return GatewayMessages.RESULT_NO_SUCH_DEVICE;
        }
        if (!topology.unbind(gateway.deviceId(), sub)) {
            return GatewayMessages.RESULT_NOT_BOUND;
        }
        offlineOnLoop(gateway, sub);
        return GatewayMessages.RESULT_OK;
    }

    /**
     * The bound sub-devices, split into answers of at most 1,024 bytes each: a C gateway drops larger messages on its
     * result topic but takes every describe answer it receives into its list.
     */
    private void describe(DeviceId gateway) {
        for (List<DeviceId> chunk : chunks(topology.subDevices(gateway), DESCRIBE_ENVELOPE)) {
            send(gateway, GatewayMessages.describeAnswer(chunk), 0);
        }
    }

    /** The API bound these sub-devices: tell the gateway with {@code change} status 1. */
    void boundByApplication(DeviceId gateway, List<DeviceId> subs) {
        notifyChange(gateway, 1, subs);
    }

    /** The API unbound these sub-devices: those online through the gateway go offline; {@code change} status 0. */
    void unboundByApplication(DeviceId gateway, List<DeviceId> subs) {
        for (DeviceId sub : subs) {
            DeviceConnection proxy = proxies.get(sub);
            if (proxy != null && proxy.deviceId().equals(gateway)) {
                proxies.remove(sub, proxy);
                proxy.runOnLoop(() -> offlineOnLoop(proxy, sub));
            }
        }
        notifyChange(gateway, 0, subs);
    }

    private void notifyChange(DeviceId gateway, int status, List<DeviceId> subs) {
        if (subs.isEmpty()) {
            return;
        }
        for (List<DeviceId> chunk : chunks(subs, CHANGE_ENVELOPE)) {
            send(gateway, GatewayMessages.change(status, chunk), 1);
        }
    }

    /** A device logged in with its own connection: if a gateway proxied it, it is no longer online there. */
    void directLogin(DeviceId id) {
        DeviceConnection proxy = proxies.remove(id);
        if (proxy != null) {
            proxy.runOnLoop(() -> offlineOnLoop(proxy, id));
        }
    }

    /** The gateway's connection ended: every sub-device online through it goes offline. On its event loop. */
    void connectionClosed(DeviceConnection gateway) {
        for (DeviceId sub : gateway.gatewayLink().onlineSubDevices()) {
            offlineOnLoop(gateway, sub);
        }
    }

    /** Takes the sub-device offline at this gateway connection and drops the gateway's subscriptions to its topics. */
    private void offlineOnLoop(DeviceConnection gateway, DeviceId sub) {
        if (!gateway.gatewayLink().remove(sub)) {
            return;
        }
        proxies.remove(sub, gateway);
        gateway.session().ifPresent(session -> {
            for (String filter : session.subscriptionFilters()) {
                if (Topics.owner(filter).filter(sub::equals).isPresent()) {
                    session.unsubscribe(filter);
                }
            }
        });
        core.events.subDevice(gateway.deviceId().clientId(), sub.clientId(), false);
    }

    private void send(DeviceId gateway, String json, int qos) {
        core.routeDownlink(Topics.gatewayResult(gateway), json.getBytes(StandardCharsets.UTF_8), qos);
    }

    /** The key a bind signature is made with: the PSK's base64 text, or the MD5 of the certificate's PEM file. */
    private static byte[] bindKey(Device device) {
        if (device.psk() != null) {
            return BindSignature.pskKey(device.psk());
        }
        return BindSignature.certificateKey(PemFiles.toPem(device.certificate()).getBytes(StandardCharsets.US_ASCII));
    }

    private static final int DESCRIBE_ENVELOPE = GatewayMessages.describeAnswer(List.of()).length();
    private static final int CHANGE_ENVELOPE = GatewayMessages.change(1, List.of()).length();

    /** Splits the list so that each message (envelope + entries) stays within the C SDK's 1,024 bytes. */
    static List<List<DeviceId>> chunks(List<DeviceId> devices, int envelopeBytes) {
        List<List<DeviceId>> chunks = new ArrayList<>();
        List<DeviceId> current = new ArrayList<>();
        int size = envelopeBytes;
        for (DeviceId d : devices) {
            // {"product_id":"P","device_name":"D"} plus a comma; names are ASCII by their rules
            int entry = 34 + d.productId().length() + d.deviceName().length() + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && size + entry > GatewayMessages.C_SDK_RESULT_LIMIT_BYTES) {
                chunks.add(current);
                current = new ArrayList<>();
                size = envelopeBytes;
                entry -= 1;
            }
            current.add(d);
            size += entry;
        }
        if (!current.isEmpty() || chunks.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
