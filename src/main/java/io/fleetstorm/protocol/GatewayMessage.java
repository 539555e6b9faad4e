package io.fleetstorm.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway message as read from either gateway topic: a request (hub side) or an answer or notice (device side).
 *
 * <p>Entries keep what was sent, invalid values included, so the hub can answer each entry with its own result code
 * (801 for a missing or mistyped field) instead of dropping the whole request.
 *
 * @param type    the {@code type}
 * @param devices the entries of {@code payload.devices}, empty when absent
 * @param status  {@code payload.status} (change, search_devices), or null
 * @param result  a top-level or {@code payload.result}, or null
 */
public record GatewayMessage(String type, List<Entry> devices, Integer status, Integer result) {
    private static final String WHAT = "gateway message";

    /**
     * One entry of {@code payload.devices}. Fields are null when absent or of the wrong type; {@link #valid} says
     * whether the names form a device id.
     */
    public record Entry(String productId, String deviceName, Integer result, String signature, Long random,
            Long timestamp, String signMethod, String authType) {

        /** Whether product_id and device_name are present and follow the naming rules. */
        public boolean valid() {
            return DeviceId.isValidProductId(productId) && DeviceId.isValidDeviceName(deviceName);
        }

        /** The device the entry names; call only when {@link #valid}. */
        public DeviceId id() {
            return new DeviceId(productId, deviceName);
        }
    }

    /** Parses; fails only when the text is not a JSON object with a string {@code type}. */
    public static GatewayMessage parse(String json) throws ProtocolException {
        JsonObject o = JsonText.parseObject(json, WHAT);
        String type = JsonText.string(o, "type", WHAT);
        Object payloadValue = o.getValue("payload");
        JsonObject payload = payloadValue instanceof JsonObject p ? p : new JsonObject();
        List<Entry> entries = new ArrayList<>();
        if (payload.getValue("devices") instanceof JsonArray array) {
            for (Object item : array) {
                entries.add(item instanceof JsonObject e ? entry(e) : new Entry(null, null, null, null, null, null,
                        null, null));
            }
        }
        Integer result = integer(o.getValue("result"));
        if (result == null) {
            result = integer(payload.getValue("result"));
        }
        return new GatewayMessage(type, List.copyOf(entries), integer(payload.getValue("status")), result);
    }

    /** The first entry, or null: the C SDK matches an answer by type and its first entry. */
    public Entry first() {
        return devices.isEmpty() ? null : devices.get(0);
    }

    private static Entry entry(JsonObject e) {
        return new Entry(string(e.getValue("product_id")), string(e.getValue("device_name")),
                integer(e.getValue("result")), string(e.getValue("signature")), number(e.getValue("random")),
                number(e.getValue("timestamp")), string(e.getValue("signmethod")), string(e.getValue("authtype")));
    }

    private static String string(Object v) {
        return v instanceof String s ? s : null;
    }

    private static Long number(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) { // lenient: some firmware quotes its numbers
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Integer integer(Object v) {
        Long n = number(v);
        return n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? null : n.intValue();
    }
}
