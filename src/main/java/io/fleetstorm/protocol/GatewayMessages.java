package io.fleetstorm.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Gateway messages of addendum section 11: the requests a gateway sends, byte-identical to the C SDK's formats, and
 * the cloud's answers and notices. Every message is {@code {"type":T,"payload":{"devices":[...]}}}.
 */
public final class GatewayMessages {
    public static final String TYPE_ONLINE = "online";
    public static final String TYPE_OFFLINE = "offline";
    public static final String TYPE_BIND = "bind";
    public static final String TYPE_UNBIND = "unbind";
    public static final String TYPE_DESCRIBE = "describe_sub_devices";
    public static final String TYPE_CHANGE = "change";
    public static final String TYPE_SEARCH = "search_devices";
    public static final String TYPE_UNBIND_ALL = "unbind_all";

    /** Per-entry result codes. */
    public static final int RESULT_OK = 0;
    public static final int RESULT_NOT_BOUND = -1;
    public static final int RESULT_SYSTEM_ERROR = -2;
    public static final int RESULT_BAD_PARAMETER = 801;
    public static final int RESULT_NO_SUCH_DEVICE = 802;
    public static final int RESULT_BAD_SIGNATURE = 803;
    public static final int RESULT_UNSUPPORTED_SIGN_METHOD = 804;
    public static final int RESULT_SIGNATURE_EXPIRED = 805;
    public static final int RESULT_BOUND_ELSEWHERE = 806;
    public static final int RESULT_NOT_A_GENERAL_DEVICE = 807;
    public static final int RESULT_FORBIDDEN = 808;
    public static final int RESULT_ALREADY_BOUND = 809;
    public static final int RESULT_UNSUPPORTED_SUB_DEVICE_TYPE = 810;

    /** {@code authtype} of a key sub-device. */
    public static final String AUTH_PSK = "psk";
    /** {@code authtype} of a certificate sub-device. */
    public static final String AUTH_CERTIFICATE = "certificate";

    /** The largest message a C gateway accepts on its result topic (GATEWAY_RECEIVE_BUFFER_LEN). */
    public static final int C_SDK_RESULT_LIMIT_BYTES = 1024;

    private GatewayMessages() {
    }

    /** {@code {"type":"online","payload":{"devices":[{"product_id":P,"device_name":D}]}}} as the C SDK writes it. */
    public static String online(DeviceId sub) {
        return status(TYPE_ONLINE, sub);
    }

    /** The offline request, shaped as {@link #online}. */
    public static String offline(DeviceId sub) {
        return status(TYPE_OFFLINE, sub);
    }

    /** The unbind request, shaped as {@link #online}. */
    public static String unbind(DeviceId sub) {
        return status(TYPE_UNBIND, sub);
    }

    /** {@code {"type":"describe_sub_devices"}}: no payload. */
    public static String describeSubDevices() {
        return "{\"type\":\"" + TYPE_DESCRIBE + "\"}";
    }

    /** The bind request with the sub-device's signature, field order as the C SDK writes it. */
    public static String bind(DeviceId sub, BindSignature.Signed signed, String authType) {
        return "{\"type\":\"" + TYPE_BIND + "\",\"payload\":{\"devices\":[{\"product_id\":"
                + JsonText.quote(sub.productId()) + ",\"device_name\":" + JsonText.quote(sub.deviceName())
                + ",\"signature\":" + JsonText.quote(signed.signature()) + ",\"random\":" + signed.random()
                + ",\"timestamp\":" + signed.timestamp() + ",\"signmethod\":"
                + JsonText.quote(signed.method().wireName()) + ",\"authtype\":" + JsonText.quote(authType) + "}]}}";
    }

    /** The C SDK's acknowledgement of a {@code change} notice, on the gateway's up topic. */
    public static String changeAck(int status, List<DeviceId> devices) {
        StringBuilder sb = new StringBuilder("{\"type\":\"change\", \"payload\":{\"status\":").append(status)
                .append(", \"devices\":[");
        for (int i = 0; i < devices.size(); i++) {
            DeviceId d = devices.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"product_id\":").append(JsonText.quote(d.productId()))
                    .append(",\"device_name\":").append(JsonText.quote(d.deviceName())).append(",\"result\":0}");
        }
        return sb.append("]}}").toString();
    }

    /** The C SDK's acknowledgement of {@code search_devices}. */
    public static String searchAck(int status) {
        return "{\"type\":\"search_devices\", \"payload\":{\"status\":" + status + ", \"result\":0}}";
    }

    /** The C SDK's acknowledgement of {@code unbind_all}. */
    public static String unbindAllAck() {
        return "{\"type\":\"unbind_all\", \"payload\":{\"result\":0}}";
    }

    /** The cloud's answer: the request's entries (product_id and device_name), each with its result. */
    public static String answer(String type, List<Result> results) {
        JsonArray devices = new JsonArray();
        for (Result r : results) {
            devices.add(new JsonObject().put("product_id", r.productId()).put("device_name", r.deviceName())
                    .put("result", r.result()));
        }
        return new JsonObject().put("type", type).put("payload", new JsonObject().put("devices", devices)).encode();
    }

    /** The answer to describe_sub_devices: the bound sub-devices, without result. */
    public static String describeAnswer(List<DeviceId> bound) {
        return new JsonObject().put("type", TYPE_DESCRIBE)
                .put("payload", new JsonObject().put("devices", entries(bound))).encode();
    }

    /** The notice after an application bound ({@code status} 1) or unbound (0) sub-devices. */
    public static String change(int status, List<DeviceId> devices) {
        return new JsonObject().put("type", TYPE_CHANGE)
                .put("payload", new JsonObject().put("status", status).put("devices", entries(devices))).encode();
    }

    /** The notice that every sub-device was unbound from the gateway. */
    public static String unbindAll() {
        return "{\"type\":\"" + TYPE_UNBIND_ALL + "\"}";
    }

    /** One entry of an answer: the names as the request gave them (possibly invalid ones) and the result code. */
    public record Result(String productId, String deviceName, int result) {
    }

    private static String status(String type, DeviceId sub) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"devices\":[{\"product_id\":" + JsonText.quote(sub.productId())
                + ",\"device_name\":" + JsonText.quote(sub.deviceName()) + "}]}}";
    }

    private static JsonArray entries(List<DeviceId> devices) {
        JsonArray array = new JsonArray();
        for (DeviceId d : devices) {
            array.add(new JsonObject().put("product_id", d.productId()).put("device_name", d.deviceName()));
        }
        return array;
    }
}
