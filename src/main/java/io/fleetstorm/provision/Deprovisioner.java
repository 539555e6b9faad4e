package io.fleetstorm.provision;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.protocol.ApiActions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes exactly what {@link Provisioner} created, as its {@link Manifest} records it: the devices it created (and
 * those a killed provision may have created), then the products it created; never a device the target had before.
 * A device already gone counts as deleted. Resumable: each batch is recorded as it is done. The credentials of the
 * deleted devices are removed from the group's files (a CSV left without rows is deleted).
 */
public final class Deprovisioner {

    private final ApiCaller api;
    private final Manifest manifest;
    private final Provisioner.Progress progress;
    private final ProvisionCounts counts = new ProvisionCounts();

    public Deprovisioner(ApiCaller api, Manifest manifest, Provisioner.Progress progress) {
        this.manifest = manifest;
        this.progress = progress;
        this.api = (action, params) -> {
            Future<io.fleetstorm.cloudapi.ApiResponse> f = api.call(action, params);
            return f.onComplete(ar -> counts.calls.addAndGet(ar.succeeded() ? ar.result().attempts()
                    : ar.cause() instanceof ApiFailure failure ? Math.max(1, failure.attempts()) : 1));
        };
    }

    /** @param groups the scenario's groups, whose credentials files lose the deleted devices */
    public ProvisionCounts run(List<ProvisionGroup> groups) throws ProvisionException, IOException {
        Map<String, List<CredentialStore>> stores = new LinkedHashMap<>();
        for (ProvisionGroup g : groups) {
            stores.computeIfAbsent(g.productId(), k -> new ArrayList<>()).add(CredentialStore.open(g));
        }
        long total = manifest.products().values().stream().mapToLong(p -> p.owned().size()).sum();
        long handled = 0;
        for (Map.Entry<String, Manifest.ProductState> e : new ArrayList<>(manifest.products().entrySet())) {
            String productId = e.getKey();
            List<String> owned = new ArrayList<>(e.getValue().owned());
            for (int i = 0; i < owned.size(); i += Provisioner.BATCH) {
                List<String> batch = owned.subList(i, Math.min(owned.size(), i + Provisioner.BATCH));
                List<String> deleted = new ArrayList<>();
                for (ApiCaller.Outcome<String> o : api.batch(batch, ApiActions.DELETE_DEVICE,
                        name -> new JsonObject().put("ProductId", productId).put("DeviceName", name))) {
                    if (o.ok()) {
                        counts.done.incrementAndGet();
                        deleted.add(o.item());
                    } else if (ApiActions.DEVICE_NOT_EXIST.equals(o.code())
                            || ApiActions.PRODUCT_NOT_EXIST.equals(o.code())) {
                        counts.already.incrementAndGet(); // never created (a killed provision), or gone already
                        deleted.add(o.item());
                    } else {
                        counts.failed(o.code(), o.failure().getMessage());
                    }
                }
                for (CredentialStore store : stores.getOrDefault(productId, List.of())) {
                    for (String name : deleted) {
                        store.remove(name);
                    }
                    store.flush();
                }
                manifest.deleted(productId, deleted);
                handled += batch.size();
                progress.update(handled, total, counts);
            }
            Manifest.ProductState state = e.getValue();
            if (state.createdByProvision() && !state.deletedByDeprovision() && state.owned().isEmpty()) {
                deleteProduct(productId);
            }
        }
        for (List<CredentialStore> list : stores.values()) {
            for (CredentialStore store : list) {
                store.deleteIfEmpty();
            }
        }
        progress.update(handled, total, counts);
        return counts;
    }

    private void deleteProduct(String productId) throws ProvisionException, IOException {
        try {
            api.await(ApiActions.DELETE_PRODUCT, new JsonObject().put("ProductId", productId));
        } catch (ApiFailure f) {
            if (!ApiActions.PRODUCT_NOT_EXIST.equals(f.code())) {
                counts.failed("product_" + f.code());
                return;
            }
        }
        manifest.productDeleted(productId);
    }
}
