package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.AuthMode;
import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.DynamicRegistration;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.DynregAlgorithm;
import io.fleetstorm.protocol.DynregCrypto;
import io.fleetstorm.protocol.DynregLegacyRequest;
import io.fleetstorm.protocol.DynregMessages;
import io.fleetstorm.protocol.DynregRequest;
import io.fleetstorm.protocol.DynregSignature;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.tls.CertificateAuthority;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PemException;
import io.fleetstorm.tls.PemFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic registration (addendum section 12): {@code POST /device/register} as the SDKs send it (and the legacy
 * {@code POST /register/dev}), signed with the product secret, answered with the device's credentials encrypted
 * with that secret. Not a TC3-signed API action: devices hold no API key.
 *
 * <p>Every answer is HTTP 200 with {@code Connection: close} (the C SDK reads until the close), small enough for the
 * C SDK's 256-byte buffer for key products. The request's timestamp is not checked: C SDK 3.3 always sends
 * 1609430400.
 */
final class DynamicRegistrationEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicRegistrationEndpoint.class);
    /** Bodies are a few dozen bytes, or a PEM certificate for custom-CA certificate products. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** The hosts the SDKs sign, whatever address they were pointed at (C signs a compiled-in host). */
    static final List<String> CLOUD_HOSTS = List.of("ap-guangzhou.gateway.tencentdevices.com",
            "us-east.gateway.tencentdevices.com", "europe.gateway.tencentdevices.com",
            "ap-bangkok.gateway.tencentdevices.com", "gateway.tencentdevices.com");
    static final String CREATED = "created";
    static final String EXISTED = "existed";

    private final HubCore core;
    /** Device names that registered, per product, for RegisterLimit. */
    private final ConcurrentHashMap<String, Set<String>> registered = new ConcurrentHashMap<>();
    /** Keys the hub issued to certificate devices, so a second registration returns the same credentials. */
    private final ConcurrentHashMap<DeviceId, CertifiedKey> issued = new ConcurrentHashMap<>();

    DynamicRegistrationEndpoint(HubCore core) {
        this.core = core;
    }

    void register(ApiServer api) {
        api.route(DynregSignature.PATH, this::handle).route(DynregSignature.LEGACY_PATH, this::handleLegacy);
    }

    /** A failure answered as {@code {"Response":{"Error":...}}}. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** What a successful registration answers with. */
    private record Outcome(String plaintext, int state) {
    }

    private void handle(HttpServerRequest request) {
        String requestId = UUID.randomUUID().toString();
        if (request.method() != HttpMethod.POST) {
            answerError(request, new Refused(DynregMessages.ERROR_PARAMETER, "Registration takes POST, not "
                    + request.method() + "."), requestId);
            return;
        }
        BoundedBody.read(request, MAX_BODY_BYTES).onComplete(ar -> {
            if (ar.failed()) {
                answerError(request, new Refused(DynregMessages.ERROR_PARAMETER, "The request body is unreadable: "
                        + ar.cause().getMessage() + "."), requestId);
                return;
            }
            try {
                DynregRequest body = parse(ar.result());
                Product product = product(body.productId());
                checkSignature(request, product, ar.result().getBytes());
                Outcome outcome = register(product, body.device(), body.clientCert());
                String payload = DynregCrypto.encrypt(outcome.plaintext().getBytes(StandardCharsets.UTF_8),
                        product.productSecret());
                count(outcome.state() == DynregMessages.STATE_CREATED ? CREATED : EXISTED);
                HttpAnswer.json(request, 200, DynregMessages.success(
                        outcome.plaintext().getBytes(StandardCharsets.UTF_8).length, payload, requestId,
                        outcome.state()), true);
            } catch (Refused e) {
                answerError(request, e, requestId);
            } catch (RuntimeException e) {
                LOG.warn("registration failed", e);
                answerError(request, new Refused("InternalError", "Internal error: " + e), requestId);
            }
        });
    }

    private void answerError(HttpServerRequest request, Refused e, String requestId) {
        count(e.code);
        LOG.debug("registration refused: {} {}", e.code, e.getMessage());
        HttpAnswer.json(request, 200, DynregMessages.error(e.code, e.getMessage(), requestId), true);
    }

    private static DynregRequest parse(Buffer body) throws Refused {
        try {
            return DynregRequest.parse(body.toString(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw new Refused(DynregMessages.ERROR_PARAMETER, e.getMessage());
        }
    }

    private Product product(String productId) throws Refused {
        return core.registry.product(productId).orElseThrow(() -> new Refused(DynregMessages.ERROR_PRODUCT,
                "The product `" + productId + "` does not exist."));
    }

    /** The X-TC-* headers against the product secret, over any host the SDK may have signed. */
    private static void checkSignature(HttpServerRequest request, Product product, byte[] body) throws Refused {
        String algorithmHeader = request.getHeader("X-TC-Algorithm");
        DynregAlgorithm algorithm = DynregAlgorithm.parse(algorithmHeader).orElseThrow(() -> new Refused(
                DynregMessages.ERROR_SIGNATURE, "X-TC-Algorithm must be hmacsha1 or hmacsha256, but was "
                        + (algorithmHeader == null ? "absent" : "`" + algorithmHeader + "`") + "."));
        long timestamp = number(request, "X-TC-Timestamp");
        long nonce = number(request, "X-TC-Nonce");
        String signature = request.getHeader("X-TC-Signature");
        if (signature == null) {
            throw new Refused(DynregMessages.ERROR_SIGNATURE, "X-TC-Signature is missing.");
        }
        if (product.productSecret() == null) {
            throw new Refused(DynregMessages.ERROR_DISABLED, "The product `" + product.productId()
                    + "` has no ProductSecret: dynamic registration is off.");
        }
        for (String host : hosts(request.getHeader("Host"))) {
            if (DynregSignature.verify(signature, product.productSecret(), algorithm, algorithmHeader.trim(), host,
                    DynregSignature.PATH, timestamp, nonce, body)) {
                return;
            }
        }
        throw new Refused(DynregMessages.ERROR_SIGNATURE, "The signature does not match the request.");
    }

    private static long number(HttpServerRequest request, String header) throws Refused {
        String value = request.getHeader(header);
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new Refused(DynregMessages.ERROR_SIGNATURE, header + " must be a decimal integer, but was "
                    + (value == null ? "absent" : "`" + shorten(value) + "`") + ".");
        }
    }

    /** The Host header without and with its port, then the cloud's registration hosts. */
    static List<String> hosts(String hostHeader) {
        List<String> hosts = new ArrayList<>(CLOUD_HOSTS.size() + 2);
        if (hostHeader != null && !hostHeader.isBlank()) {
            String host = hostHeader.trim().toLowerCase(Locale.ROOT);
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']') < colon) {
                hosts.add(host.substring(0, colon));
            }
            hosts.add(host);
        }
        for (String h : CLOUD_HOSTS) {
            if (!hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return hosts;
    }

    /** The registration rules once the request is authentic: type, existence, limit, credentials. */
    private Outcome register(Product product, DeviceId id, String clientCertPem) throws Refused {
        DynamicRegistration setting = product.registration();
        if (setting.type() == DynamicRegistration.Type.OFF) {
            throw new Refused(DynregMessages.ERROR_DISABLED, "Dynamic registration is off for the product `"
                    + product.productId() + "`.");
        }
        if (!DynregCrypto.isUsableSecret(product.productSecret())) {
            throw new Refused(DynregMessages.ERROR_DISABLED, "The ProductSecret of `" + product.productId()
                    + "` is shorter than 16 characters, which the SDKs cannot use for registration.");
        }
        Device existing = core.registry.registeredDevice(id).orElse(null);
        if (existing == null && setting.type() == DynamicRegistration.Type.PRE_CREATED) {
            throw new Refused(DynregMessages.ERROR_DEVICE, "The device `" + id.productId() + "/" + id.deviceName()
                    + "` does not exist, and the product registers only devices created beforehand.");
        }
        Set<String> names = registered.computeIfAbsent(product.productId(), k -> ConcurrentHashMap.newKeySet());
        synchronized (names) {
            if (!names.contains(id.deviceName()) && names.size() >= setting.limit()) {
                throw new Refused(DynregMessages.ERROR_LIMIT, "The product `" + product.productId() + "` has "
                        + "reached its RegisterLimit of " + setting.limit() + " devices.");
            }
            Outcome outcome = product.authMode() == AuthMode.CERTIFICATE ? certificate(id, existing, clientCertPem)
                    : psk(product, id, existing);
            names.add(id.deviceName());
            return outcome;
        }
    }

    /** A key device: its current PSK, or (created now) the PSK derived from the product secret. */
    private Outcome psk(Product product, DeviceId id, Device existing) {
        if (existing != null && existing.psk() != null) {
            return new Outcome(DynregMessages.pskCredentials(existing.psk()), DynregMessages.STATE_EXISTED);
        }
        Device created = Device.withPsk(id, DerivedPsk.derive(product.productSecret(), id));
        core.registry.addDevice(created);
        return new Outcome(DynregMessages.pskCredentials(created.psk()), DynregMessages.STATE_CREATED);
    }

    /**
     * A certificate device: the certificate it sent (custom CA), or one the hub's CA issues; a device the hub
     * issued before gets the same certificate and key again.
     */
    private Outcome certificate(DeviceId id, Device existing, String clientCertPem) throws Refused {
        int state = existing == null ? DynregMessages.STATE_CREATED : DynregMessages.STATE_EXISTED;
        if (clientCertPem != null && !clientCertPem.isBlank()) {
            X509Certificate cert;
            try {
                cert = PemFiles.readCertificates(clientCertPem, "ClientCert").get(0);
            } catch (PemException e) {
                throw new Refused(DynregMessages.ERROR_PARAMETER, "ClientCert is not a PEM certificate.");
            }
            core.registry.addDevice(Device.withCertificate(id, cert));
            return new Outcome(DynregMessages.certificateCredentials(clientCertPem, ""), state);
        }
        CertifiedKey key = issued.get(id);
        if (key == null || existing == null || !sameCertificate(existing, key)) {
            CertificateAuthority ca = core.certificateAuthority;
            if (ca == null) {
                throw new Refused(DynregMessages.ERROR_DISABLED, "The hub has no CA to issue certificates with.");
            }
            key = ca.issueDevice(id.productId(), id.deviceName());
            issued.put(id, key);
            core.registry.addDevice(Device.withCertificate(id, key.certificate()));
        }
        return new Outcome(DynregMessages.certificateCredentials(PemFiles.toPem(key.certificate()),
                PemFiles.toPem(key.privateKey())), state);
    }

    private static boolean sameCertificate(Device device, CertifiedKey key) {
        return device.certificate() != null && device.certificate().equals(key.certificate());
    }

    /** Legacy {@code /register/dev}: the signature in the body, answered in the old {@code code/len/payload} form. */
    private void handleLegacy(HttpServerRequest request) {
        String requestId = UUID.randomUUID().toString();
        BoundedBody.read(request, MAX_BODY_BYTES).onComplete(ar -> {
            if (ar.failed() || request.method() != HttpMethod.POST) {
                legacyError(request, 1, "Invalid request", requestId);
                return;
            }
            DynregLegacyRequest body;
            try {
                body = DynregLegacyRequest.parse(ar.result().toString(StandardCharsets.UTF_8));
            } catch (ProtocolException e) {
                legacyError(request, 1, e.getMessage(), requestId);
                return;
            }
            try {
                Product product = product(body.productId());
                if (product.productSecret() == null || !legacySignatureMatches(product.productSecret(), body)) {
                    legacyError(request, 1010, "Check signature failed", requestId);
                    return;
                }
                Outcome outcome = register(product, body.device(), null);
                byte[] plain = outcome.plaintext().getBytes(StandardCharsets.UTF_8);
                count(outcome.state() == DynregMessages.STATE_CREATED ? CREATED : EXISTED);
                HttpAnswer.json(request, 200, DynregMessages.legacySuccess(plain.length,
                        DynregCrypto.encrypt(plain, product.productSecret())), true);
            } catch (Refused e) {
                legacyError(request, 1, e.code + ": " + e.getMessage(), requestId);
            } catch (RuntimeException e) {
                LOG.warn("legacy registration failed", e);
                legacyError(request, 1, "Internal error: " + e, requestId);
            }
        });
    }

    /** C writes base64 of the hex HMAC-SHA1; base64 of the raw HMAC is accepted too. */
    private static boolean legacySignatureMatches(String secret, DynregLegacyRequest body) {
        String expected = DynregSignature.legacySign(secret, body.deviceName(), body.nonce(), body.productId(),
                body.timestamp());
        byte[] hex = Base64.getDecoder().decode(expected);
        String raw = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(
                new String(hex, StandardCharsets.US_ASCII)));
        byte[] actual = body.signature().trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual)
                || MessageDigest.isEqual(raw.getBytes(StandardCharsets.US_ASCII), actual);
    }

    private void legacyError(HttpServerRequest request, int code, String message, String requestId) {
        count("legacy_" + code);
        HttpAnswer.json(request, 200, DynregMessages.legacyError(code, message, requestId), true);
    }

    private void count(String outcome) {
        FeatureCounters.increment(core.features.registrations, outcome);
    }

    private static String shorten(String s) {
        return s.length() <= 32 ? s : s.substring(0, 29) + "...";
    }
}
