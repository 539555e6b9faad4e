package io.fleetstorm.cli;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.RefusalReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The embedded hub's own counters as Prometheus series ({@code fleetstorm_hub_*}, label {@code hub}), read from
 * {@link Hub#stats()} at scrape time: what the target saw, next to what the generator measured. Every reason is
 * registered up front, so a dashboard finds a zero series rather than none.
 */
final class HubMetrics {

    static final String PREFIX = "fleetstorm.hub.";

    private HubMetrics() {
    }

    static void bind(MeterRegistry registry, Hub hub, String name) {
        Tags tags = Tags.of("hub", name);
        // one snapshot per scrape would need a cache; stats() is a cheap read of the hub's adders
        gauge(registry, "connections.open", "Device connections open on the hub.", tags, hub,
                h -> h.stats().connectionsOpen());
        gauge(registry, "sessions.stored", "Persistent sessions kept by the hub (online or offline).", tags, hub,
                h -> h.stats().sessionsStored());
        gauge(registry, "offline.queued", "QoS 1 messages waiting in offline sessions.", tags, hub,
                h -> h.stats().offlineQueued());
        counter(registry, "connects.accepted", "CONNECTs the hub answered with CONNACK 0.", tags, hub,
                h -> h.stats().connectsAccepted());
        counter(registry, "messages.in", "PUBLISH packets the hub received from devices.", tags, hub,
                h -> h.stats().messagesIn());
        counter(registry, "messages.out", "PUBLISH packets the hub sent to devices.", tags, hub,
                h -> h.stats().messagesOut());
        counter(registry, "received.bytes", "Payload bytes the hub received.", tags, hub, h -> h.stats().bytesIn());
        counter(registry, "sent.bytes", "Payload bytes the hub sent.", tags, hub, h -> h.stats().bytesOut());
        for (RefusalReason r : RefusalReason.values()) {
            counter(registry, "connects.refused", "CONNECTs the hub refused, by reason (CONNACK code in code).",
                    tags.and("reason", r.label()).and("code", String.format("0x%02x", r.returnCode())), hub,
                    h -> h.stats().refusals(r));
        }
        for (DropReason r : DropReason.values()) {
            counter(registry, "dropped.messages", "Messages the hub did not route, by reason.",
                    tags.and("reason", label(r)), hub, h -> h.stats().drops(r));
        }
        for (CloseReason r : CloseReason.values()) {
            counter(registry, "disconnects", "Device connections the hub saw end, by reason.",
                    tags.and("reason", label(r)), hub, h -> h.stats().disconnects(r));
        }
    }

    private static void gauge(MeterRegistry registry, String name, String help, Tags tags, Hub hub,
            ToDoubleFunction<Hub> read) {
        Gauge.builder(PREFIX + name, hub, read).description(help).tags(tags).strongReference(true)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, Tags tags, Hub hub,
            ToDoubleFunction<Hub> read) {
        FunctionCounter.builder(PREFIX + name, hub, read).description(help).tags(tags).register(registry);
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
