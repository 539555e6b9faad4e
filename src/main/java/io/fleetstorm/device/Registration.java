package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.DynregAlgorithm;
import io.fleetstorm.protocol.DynregCredentials;
import io.fleetstorm.protocol.DynregCrypto;
import io.fleetstorm.protocol.DynregMessages;
import io.fleetstorm.protocol.DynregResponse;
import io.fleetstorm.protocol.DynregSignature;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Dynamic registration as the SDKs do it (addendum section 12): the device holds its product's secret, not its own
 * PSK, and asks {@code POST /device/register} for it. The C SDK signs with {@code hmacsha1} over a SHA-1 body hash and
 * always sends the timestamp 1609430400; the Java SDK signs with {@code hmacsha256} over SHA-256 and sends the time.
 * The answer's payload is decrypted (AES-128-CBC with the secret's first 16 characters) and the PSK handed to the
 * device, which signs its next connect with it ({@code register} latency up to then). Runs on the device's loop.
 */
public final class Registration {

    /**
     * Where a group's devices register and with which product secret. {@code toString} never shows the secret.
     *
     * @param url           the registration URL, e.g.
     *                      {@code https://ap-guangzhou.gateway.tencentdevices.com/device/register}
     * @param productSecret the product's secret (at least 16 ASCII characters: its first 16 are the AES key)
     */
    public record Target(URI url, String productSecret) {

        public Target {
            if (url == null || url.getHost() == null || !("http".equals(url.getScheme())
                    || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("the registration URL must be http:// or https:// with a host, "
                        + "but was " + url);
            }
            if (!DynregCrypto.isUsableSecret(productSecret)) {
                throw new IllegalArgumentException("a product secret for registration must have at least "
                        + DynregCrypto.BLOCK + " ASCII characters (its first " + DynregCrypto.BLOCK
                        + " are the AES key of the answer)");
            }
        }

        @Override
        public String toString() {
            return "Target[" + url + ", productSecret not shown]";
        }
    }

    /** Where the PSKs devices registered for go (the credentials file a later run can use). */
    public interface Sink {
        /** On the device's loop; {@code psk} is decoded. */
        void registered(DeviceId device, byte[] psk);
    }

    private static final String BEHAVIOUR = "register";

    private Registration() {
    }

    /** Registers the device; its PSK arrives later, on its loop (or the failure is counted). */
    public static void register(VirtualDevice device, Target target, long intendedNanos, Sink sink) {
        DeviceHost host = device.host;
        DeviceId id = device.id();
        boolean c = device.profile().dialect() == DeviceProfile.Dialect.C_SDK;
        DynregAlgorithm algorithm = c ? DynregAlgorithm.HMACSHA1 : DynregAlgorithm.HMACSHA256;
        // Java (org.json) does not keep the C SDK's key order: the hub hashes the bytes as received either way
        String json = c ? DynregMessages.request(id) : new JsonObject().put("DeviceName", id.deviceName())
                .put("ProductId", id.productId()).encode();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long timestamp = c ? DynregSignature.C_SDK_CONSTANT_TIMESTAMP : host.epochMillis() / 1000;
        long nonce = host.random().nextLong(1, Integer.MAX_VALUE);
        String path = target.url().getRawPath() == null || target.url().getRawPath().isEmpty() ? "/"
                : target.url().getRawPath();
        String signature = DynregSignature.sign(target.productSecret(), algorithm, algorithm.wireName(),
                target.url().getHost(), path, timestamp, nonce, body);
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.url().toString())
                .setTimeout(device.profile().timeouts().otaMs())
                .putHeader("Content-Type", c ? "application/json; charset=utf-8" : "application/json;charset=UTF-8")
                .putHeader("Accept", c ? "application/json;*/*" : "application/json")
                .putHeader("X-TC-Algorithm", algorithm.wireName())
                .putHeader("X-TC-Timestamp", Long.toString(timestamp))
                .putHeader("X-TC-Nonce", Long.toString(nonce))
                .putHeader("X-TC-Signature", signature);
        long sent = host.nanoTime();
        int group = device.profile().groupIndex();
        host.oneShotHttp().request(post).compose(req -> req.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> response.statusCode() == 200 ? b.toString(
                        StandardCharsets.UTF_8) : "http_" + response.statusCode()))
                .onComplete(ar -> {
                    String failure = ar.failed() ? failure(ar.cause())
                            : answered(device, target, ar.result(), sink);
                    if (failure == null) {
                        host.recorder().recordLatency(group, Operation.REGISTER, intendedNanos, sent,
                                host.nanoTime());
                    } else {
                        host.recorder().error(group, BEHAVIOUR, failure);
                    }
                });
    }

    /** An HTTP failure as an error reason: Vert.x's request timeout says "timeout period", not "timed out". */
    private static String failure(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        return message.contains("timeout period") ? "timeout" : LinkLoss.of(t).reason();
    }

    /** Takes the answer's PSK; returns null, or why the registration failed (an error reason). */
    private static String answered(VirtualDevice device, Target target, String answer, Sink sink) {
        if (answer.startsWith("http_")) {
            return answer;
        }
        try {
            DynregResponse response = DynregResponse.parse(answer);
            if (response.errorCode() != null) {
                return response.errorCode();
            }
            byte[] plain = DynregCrypto.decrypt(response.payload(), target.productSecret(), response.len());
            DynregCredentials credentials = DynregCredentials.parse(new String(plain, StandardCharsets.UTF_8));
            if (credentials.psk() == null) {
                return "not_a_key_device"; // a certificate product: fleetstorm's registering groups are key devices
            }
            byte[] psk = Signer.decodePsk(credentials.psk());
            device.registered(psk);
            sink.registered(device.id(), psk);
            return null;
        } catch (ProtocolException | IllegalArgumentException e) {
            return "malformed_answer";
        }
    }
}
