package io.fleetstorm.hub;

import io.fleetstorm.hub.impl.EmbeddedHub;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Builds and starts a {@link Hub}. */
public final class HubBuilder {

    private HubOptions options = new HubOptions();
    private final List<Product> products = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    HubBuilder() {
    }

    public HubBuilder options(HubOptions value) {
        this.options = Objects.requireNonNull(value, "options");
        return this;
    }

    public HubBuilder product(Product product) {
        products.add(Objects.requireNonNull(product, "product"));
        return this;
    }

    public HubBuilder device(Device device) {
        devices.add(Objects.requireNonNull(device, "device"));
        return this;
    }

    /**
     * Starts the listeners. Fails with {@link HubStartException} (a one-line message) on a port in use or unreadable
     * certificate files.
     */
    public Future<Hub> start() {
        return EmbeddedHub.start(options, products, devices);
    }

    /** Starts and waits up to 30 s. */
    public Hub startAndWait() {
        return startAndWait(Duration.ofSeconds(30));
    }

    public Hub startAndWait(Duration timeout) {
        try {
            return start().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (HubStartException e) {
            throw e;
        } catch (Exception e) {
            throw new HubStartException("hub did not start: " + e.getMessage(), e);
        }
    }
}
