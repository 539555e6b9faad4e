package io.fleetstorm.provision;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.protocol.ApiActions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates a scenario's products and devices through the Cloud API, idempotently and resumably: what the
 * {@link Manifest} says an earlier run created is not created again, the devices a product had before are recorded
 * and used but never touched, and devices a killed run was creating are looked up and kept when they exist. Devices
 * are created with {@code CreateDevice}, in batches announced in the manifest before they are sent; the client keeps
 * to the action's rate limit. (The cloud's batch path, {@code CreateTaskFileUrl} + {@code CreateMultiDevicesTask},
 * is not used: its device-list file format is not established, and it is paced by the same per-action limits.)
 */
public final class Provisioner {

    /** Devices announced and sent together; the manifest and the credentials files are written after each batch. */
    public static final int BATCH = 200;

    /** Told of the progress after every batch. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total, counts) -> { };

        void update(long done, long total, ProvisionCounts counts);
    }

    private final ApiCaller api;
    private final Manifest manifest;
    private final boolean fleetstormHub;
    private final Progress progress;
    private final ProvisionCounts counts = new ProvisionCounts();
    private long handled;
    private long total;

    /**
     * @param fleetstormHub the target is a fleetstorm hub, which takes the scenario's product ids in CreateProduct;
     *                      the cloud picks product ids itself
     */
    public Provisioner(ApiCaller api, Manifest manifest, boolean fleetstormHub, Progress progress) {
        this.manifest = manifest;
        this.fleetstormHub = fleetstormHub;
        this.progress = progress;
        this.api = (action, params) -> {
            Future<ApiResponse> f = api.call(action, params);
            return f.onComplete(ar -> counts.calls.addAndGet(ar.succeeded() ? ar.result().attempts()
                    : ar.cause() instanceof ApiFailure failure ? Math.max(1, failure.attempts()) : 1));
        };
    }

    public ProvisionCounts counts() {
        return counts;
    }

    /** Provisions every group; throws when it cannot go on (the message says what to do), else counts failures. */
    public ProvisionCounts run(List<ProvisionGroup> groups) throws ProvisionException, IOException {
        total = groups.stream().mapToLong(ProvisionGroup::count).sum();
        Map<String, List<ProvisionGroup>> byProduct = new LinkedHashMap<>();
        groups.forEach(g -> byProduct.computeIfAbsent(g.productId(), k -> new ArrayList<>()).add(g));
        for (Map.Entry<String, List<ProvisionGroup>> e : byProduct.entrySet()) {
            product(e.getKey(), e.getValue());
        }
        for (ProvisionGroup g : groups) {
            group(g);
        }
        progress.update(handled, total, counts);
        return counts;
    }

    // ---- products ----

    /** The product exists (with the groups' authentication), or is created; then its devices are noted once. */
    private void product(String productId, List<ProvisionGroup> groups) throws ProvisionException, IOException {
        boolean certificate = groups.get(0).certificate();
        for (ProvisionGroup g : groups) {
            if (g.certificate() != certificate) {
                throw new ProvisionException("groups " + groups.get(0).name() + " and " + g.name() + " share product "
                        + productId + " but not its authentication (key or certificate): a product has one");
            }
        }
        JsonObject info = describeProduct(productId);
        if (info == null) {
            createProduct(productId, certificate, groups.get(0).name());
        } else {
            String type = info.getJsonObject("ProductProperties", new JsonObject()).getString("EncryptionType");
            String wanted = certificate ? "1" : "2";
            if (type != null && !type.equals(wanted)) {
                throw new ProvisionException("product " + productId + " authenticates its devices with "
                        + (type.equals("1") ? "certificates" : "keys") + ", but group " + groups.get(0).name()
                        + " has auth: " + (certificate ? "certificate" : "key"));
            }
        }
        if (!manifest.state(productId).snapshotTaken()) {
            snapshot(productId, groups);
        }
    }

    private JsonObject describeProduct(String productId) throws ProvisionException {
        try {
            return api.await(ApiActions.DESCRIBE_PRODUCT, new JsonObject().put("ProductId", productId)).response();
        } catch (ApiFailure f) {
            if (f.code().equals(ApiActions.PRODUCT_NOT_EXIST)) {
                return null;
            }
            throw new ProvisionException("product " + productId + ": DescribeProduct failed: " + f.getMessage());
        }
    }

    /**
     * A fleetstorm hub takes the scenario's product id; the cloud picks its own, which the scenario must then name:
     * the product is recorded (deprovision deletes it) and provisioning stops with the id to put in the scenario.
     */
    private void createProduct(String productId, boolean certificate, String group)
            throws ProvisionException, IOException {
        JsonObject params = new JsonObject().put("ProductName", productId)
                .put("ProductProperties", new JsonObject().put("EncryptionType", certificate ? "1" : "2")
                        .put("ProductDescription", "created by fleetstorm provision for group " + group));
        if (fleetstormHub) {
            params.put("ProductId", productId);
        }
        String created;
        try {
            created = api.await(ApiActions.CREATE_PRODUCT, params).response().getString("ProductId");
        } catch (ApiFailure f) {
            throw new ProvisionException("product " + productId + ": CreateProduct failed: " + f.getMessage());
        }
        if (created == null) {
            throw new ProvisionException("product " + productId + ": CreateProduct answered no ProductId");
        }
        manifest.productCreated(created);
        if (!created.equals(productId)) {
            throw new ProvisionException("product " + productId + " did not exist, so provision created it; the "
                    + "cloud named it " + created + ". Set productId: " + created + " for group " + group + " in the "
                    + "scenario and run provision again (deprovision deletes the product with its devices).");
        }
    }

    /** Notes which of the scenario's names the product has before provision creates any: those are never deleted. */
    private void snapshot(String productId, List<ProvisionGroup> groups) throws ProvisionException, IOException {
        Set<String> wanted = new LinkedHashSet<>();
        groups.forEach(g -> wanted.addAll(g.deviceNames()));
        Set<String> existing = new LinkedHashSet<>();
        int offset = 0;
        while (true) {
            JsonObject page;
            try {
                page = api.await(ApiActions.DESCRIBE_DEVICES, new JsonObject().put("ProductId", productId)
                        .put("Offset", offset).put("Limit", ApiActions.MAX_PAGE)).response();
            } catch (ApiFailure f) {
                throw new ProvisionException("product " + productId + ": DescribeDevices failed: " + f.getMessage());
            }
            var devices = page.getJsonArray("Devices", new io.vertx.core.json.JsonArray());
            for (Object d : devices) {
                String name = d instanceof JsonObject o ? o.getString("DeviceName") : null;
                if (name != null && wanted.contains(name)) {
                    existing.add(name);
                }
            }
            offset += devices.size();
            long totalCount = page.getLong("TotalCount", 0L);
            if (devices.isEmpty() || offset >= totalCount) {
                break;
            }
        }
        manifest.existing(productId, existing);
    }

    // ---- devices ----

    private void group(ProvisionGroup g) throws ProvisionException, IOException {
        CredentialStore store = CredentialStore.open(g);
        if (g.output() instanceof ProvisionGroup.Csv csv) {
            manifest.files(g.name(), csv.file());
        } else if (g.output() instanceof ProvisionGroup.CertDir dir) {
            manifest.files(g.name(), dir.dir());
        }
        Manifest.ProductState state = manifest.state(g.productId());
        List<String> create = new ArrayList<>();
        List<String> lookUp = new ArrayList<>();
        for (String name : g.deviceNames()) {
            if (state.existedBefore(name)) {
                counts.existedBefore.incrementAndGet();
                if (!store.has(name) || g.output() instanceof ProvisionGroup.Derived) {
                    lookUp.add(name);
                } else {
                    handled++;
                }
            } else if (state.recordedCreated(name) && store.has(name)) {
                counts.already.incrementAndGet();
                handled++;
            } else if (state.recordedCreated(name) || state.announced(name)) {
                lookUp.add(name); // created (maybe) by a killed run: its credentials must be read back
            } else {
                create.add(name);
            }
        }
        for (int i = 0; i < lookUp.size(); i += BATCH) {
            create.addAll(lookUp(g, store, state, lookUp.subList(i, Math.min(lookUp.size(), i + BATCH))));
        }
        for (int i = 0; i < create.size(); i += BATCH) {
            create(g, store, create.subList(i, Math.min(create.size(), i + BATCH)));
        }
    }

    /**
     * Devices provision did not create in this run but needs the credentials of: those the product had before, and
     * those a killed run announced. Returns the announced ones that do not exist (or whose key is lost): to create.
     */
    private List<String> lookUp(ProvisionGroup g, CredentialStore store, Manifest.ProductState state,
            List<String> names) throws ProvisionException, IOException {
        List<String> again = new ArrayList<>();
        List<String> confirmed = new ArrayList<>();
        for (ApiCaller.Outcome<String> o : api.batch(names, ApiActions.DESCRIBE_DEVICE, name -> ids(g, name))) {
            String name = o.item();
            boolean before = state.existedBefore(name);
            if (!o.ok()) {
                if (!before && ApiActions.DEVICE_NOT_EXIST.equals(o.code())) {
                    again.add(name); // announced, never created
                } else {
                    failed(o);
                }
                continue;
            }
            JsonObject device = o.answer().response();
            String psk = device.getString("DevicePsk", "");
            if (g.output() instanceof ProvisionGroup.Derived) {
                if (before && !psk.isEmpty() && !psk.equals(g.definedPsk(name))) {
                    failed("existing_device_with_another_psk");
                    continue;
                }
            } else if (g.output() instanceof ProvisionGroup.Csv) {
                if (psk.isEmpty()) {
                    failed("no_psk_in_DescribeDevice");
                    continue;
                }
                if (!base64(psk)) {
                    failed("bad_psk_in_answer");
                    continue;
                }
                store.putPsk(name, psk);
            } else if (!store.has(name)) {
                if (before) {
                    failed("existing_certificate_device_without_key");
                    continue;
                }
                // a killed run's device whose key never reached the disk: deleted and created anew
                try {
                    api.await(ApiActions.DELETE_DEVICE, ids(g, name));
                    again.add(name);
                } catch (ApiFailure f) {
                    failed(f.code());
                }
                continue;
            }
            handled++;
            if (!before) {
                confirmed.add(name);
                counts.recovered.incrementAndGet();
            }
        }
        store.flush();
        manifest.created(g.productId(), confirmed);
        progress.update(handled, total, counts);
        return again;
    }

    private void create(ProvisionGroup g, CredentialStore store, List<String> names)
            throws ProvisionException, IOException {
        manifest.creating(g.productId(), names);
        List<String> created = new ArrayList<>();
        List<String> foundThere = new ArrayList<>();
        for (ApiCaller.Outcome<String> o : api.batch(names, ApiActions.CREATE_DEVICE, name -> {
            JsonObject params = ids(g, name);
            String psk = g.definedPsk(name);
            return psk == null ? params : params.put("DefinedPsk", psk);
        })) {
            String name = o.item();
            if (!o.ok()) {
                if (ApiActions.DEVICE_EXISTS.equals(o.code())) {
                    foundThere.add(name); // created by someone else meanwhile: used, never provision's to delete
                } else {
                    failed(o);
                }
                continue;
            }
            JsonObject answer = o.answer().response();
            if (g.output() instanceof ProvisionGroup.Csv) {
                String psk = answer.getString("DevicePsk", "");
                if (psk.isEmpty() || !base64(psk)) {
                    failed(psk.isEmpty() ? "no_psk_in_CreateDevice" : "bad_psk_in_answer");
                    continue;
                }
                store.putPsk(name, psk);
            } else if (g.output() instanceof ProvisionGroup.CertDir) {
                String cert = answer.getString("DeviceCert", "");
                String key = answer.getString("DevicePrivateKey", "");
                if (cert.isEmpty() || key.isEmpty()) {
                    failed("no_certificate_in_CreateDevice");
                    continue;
                }
                store.putCertificate(name, cert, key);
            }
            created.add(name);
            counts.done.incrementAndGet();
            handled++;
        }
        store.flush();
        manifest.created(g.productId(), created);
        progress.update(handled, total, counts);
        if (!foundThere.isEmpty()) {
            manifest.existing(g.productId(), foundThere);
            counts.existedBefore.addAndGet(foundThere.size());
            for (String name : lookUp(g, store, manifest.state(g.productId()), foundThere)) {
                failed(ApiActions.DEVICE_NOT_EXIST); // refused as existing, then not found: deleted meanwhile
            }
        }
    }

    private void failed(String cause) {
        counts.failed(cause);
        handled++;
    }

    private void failed(ApiCaller.Outcome<String> o) {
        counts.failed(o.code(), o.failure().getMessage());
        handled++;
    }

    /** A PSK the CSV reader takes: standard base64 of 1..64 bytes (checked so the CSV always reads back). */
    private static boolean base64(String psk) {
        try {
            int n = java.util.Base64.getDecoder().decode(psk).length;
            return n > 0 && n <= io.fleetstorm.protocol.PskCsv.MAX_PSK_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonObject ids(ProvisionGroup g, String name) {
        return new JsonObject().put("ProductId", g.productId()).put("DeviceName", name);
    }
}
