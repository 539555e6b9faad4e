package io.fleetstorm.provision;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cloud API's device management as the cloud documents it, in memory, for provisioning's unit tests: products
 * with an encryption type, devices with a PSK (or a certificate), the cloud's error codes; CreateProduct picks its
 * own id unless told to take the caller's (a fleetstorm hub's extension). Every call is recorded.
 */
final class FakeCloud implements ApiCaller {

    record Dev(String psk, boolean certificate) {
    }

    final Map<String, String> productTypes = new LinkedHashMap<>();
    final Map<String, TreeMap<String, Dev>> devices = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** Whether CreateProduct takes the ProductId parameter (a fleetstorm hub) or assigns one (the cloud). */
    boolean takesProductIds = true;
    /** Runs before each CreateDevice answers (another party creating devices meanwhile, say). */
    Runnable beforeCreate = () -> { };
    private int ids;

    void product(String id, boolean certificate) {
        productTypes.put(id, certificate ? "1" : "2");
        devices.put(id, new TreeMap<>());
    }

    @Override
    public Future<ApiResponse> call(String action, JsonObject p) {
        calls.add(action + (p.containsKey("DeviceName") ? " " + p.getString("DeviceName") : ""));
        try {
            return Future.succeededFuture(new ApiResponse(action, answer(action, p), "req", 1, 1, 1));
        } catch (ApiFailure f) {
            return Future.failedFuture(f);
        }
    }

    private JsonObject answer(String action, JsonObject p) {
        String pid = p.getString("ProductId");
        switch (action) {
            case "CreateProduct" -> {
                String id = takesProductIds && pid != null ? pid : "CLOUD" + String.format("%05d", ++ids);
                product(id, "1".equals(p.getJsonObject("ProductProperties").getString("EncryptionType")));
                return new JsonObject().put("ProductId", id);
            }
            case "DescribeProduct" -> {
                return new JsonObject().put("ProductProperties", new JsonObject().put("EncryptionType",
                        type(pid)));
            }
            case "DeleteProduct" -> {
                type(pid);
                if (!devices.get(pid).isEmpty()) {
                    throw failure(action, "UnsupportedOperation");
                }
                productTypes.remove(pid);
                devices.remove(pid);
                return new JsonObject();
            }
            case "DescribeDevices" -> {
                type(pid);
                List<String> names = new ArrayList<>(devices.get(pid).keySet());
                int offset = p.getInteger("Offset");
                JsonArray page = new JsonArray();
                names.subList(Math.min(offset, names.size()), Math.min(names.size(), offset + p.getInteger("Limit")))
                        .forEach(n -> page.add(new JsonObject().put("DeviceName", n)));
                return new JsonObject().put("TotalCount", names.size()).put("Devices", page);
            }
            case "DescribeDevice" -> {
                Dev d = device(action, pid, p.getString("DeviceName"));
                return new JsonObject().put("DevicePsk", d.certificate() ? "" : d.psk());
            }
            case "DeleteDevice" -> {
                device(action, pid, p.getString("DeviceName"));
                devices.get(pid).remove(p.getString("DeviceName"));
                return new JsonObject();
            }
            case "CreateDevice" -> {
                beforeCreate.run();
                boolean certificate = "1".equals(type(pid));
                String name = p.getString("DeviceName");
                if (devices.get(pid).containsKey(name)) {
                    throw failure(action, "InvalidParameterValue.DeviceAlreadyExist");
                }
                String psk = p.getString("DefinedPsk", b64("issued-psk-" + name));
                devices.get(pid).put(name, new Dev(psk, certificate));
                return certificate ? new JsonObject().put("DeviceCert", "CERT " + name)
                        .put("DevicePrivateKey", "KEY " + name) : new JsonObject().put("DevicePsk", psk);
            }
            default -> throw failure(action, "InvalidAction");
        }
    }

    static String b64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes());
    }

    private String type(String pid) {
        String t = productTypes.get(pid);
        if (t == null) {
            throw failure("", "ResourceNotFound.ProductNotExist");
        }
        return t;
    }

    private Dev device(String action, String pid, String name) {
        type(pid);
        Dev d = devices.get(pid).get(name);
        if (d == null) {
            throw failure(action, "ResourceNotFound.DeviceNotExist");
        }
        return d;
    }

    private static ApiFailure failure(String action, String code) {
        return new ApiFailure(action, code, "scripted", "req", 1);
    }
}
