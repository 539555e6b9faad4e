package io.fleetstorm.cli;

import static io.fleetstorm.metrics.MetricNames.HUB_CONNECTIONS_OPEN;
import static io.fleetstorm.metrics.MetricNames.HUB_CONNECTS_ACCEPTED;
import static io.fleetstorm.metrics.MetricNames.HUB_CONNECTS_REFUSED;
import static io.fleetstorm.metrics.MetricNames.HUB_DISCONNECTS;
import static io.fleetstorm.metrics.MetricNames.HUB_DROPPED_MESSAGES;
import static io.fleetstorm.metrics.MetricNames.HUB_MESSAGES_IN;
import static io.fleetstorm.metrics.MetricNames.HUB_MESSAGES_OUT;
import static io.fleetstorm.metrics.MetricNames.HUB_OFFLINE_QUEUED;
import static io.fleetstorm.metrics.MetricNames.HUB_RECEIVED_BYTES;
import static io.fleetstorm.metrics.MetricNames.HUB_SENT_BYTES;
import static io.fleetstorm.metrics.MetricNames.HUB_SESSIONS_STORED;

import io.fleetstorm.hub.CloseReason;
import io.fleetstorm.hub.DropReason;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubOperation;
import io.fleetstorm.hub.RefusalReason;
import io.fleetstorm.hub.ViolationRule;
import io.fleetstorm.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The embedded hub's own counters as Prometheus series (names from {@link MetricNames}, label {@code hub}), read from
 * {@link Hub#stats()} at scrape time: what the target saw, next to what the generator measured. Every reason is
 * registered up front, so a dashboard finds a zero series rather than none.
 */
final class HubMetrics {

    private HubMetrics() {
    }

    static void bind(MeterRegistry registry, Hub hub, String name) {
        Tags tags = Tags.of(MetricNames.LABEL_HUB, name);
        gauge(registry, HUB_CONNECTIONS_OPEN, tags, hub, h -> h.stats().connectionsOpen());
        gauge(registry, HUB_SESSIONS_STORED, tags, hub, h -> h.stats().sessionsStored());
        gauge(registry, HUB_OFFLINE_QUEUED, tags, hub, h -> h.stats().offlineQueued());
        counter(registry, HUB_CONNECTS_ACCEPTED, tags, hub, h -> h.stats().connectsAccepted());
        counter(registry, HUB_MESSAGES_IN, tags, hub, h -> h.stats().messagesIn());
        counter(registry, HUB_MESSAGES_OUT, tags, hub, h -> h.stats().messagesOut());
        counter(registry, HUB_RECEIVED_BYTES, tags, hub, h -> h.stats().bytesIn());
        counter(registry, HUB_SENT_BYTES, tags, hub, h -> h.stats().bytesOut());
        for (RefusalReason r : RefusalReason.values()) {
            counter(registry, HUB_CONNECTS_REFUSED, tags.and(MetricNames.LABEL_REASON, r.label())
                    .and("code", String.format("0x%02x", r.returnCode())), hub, h -> h.stats().refusals(r));
        }
        for (DropReason r : DropReason.values()) {
            counter(registry, HUB_DROPPED_MESSAGES, tags.and(MetricNames.LABEL_REASON, label(r)), hub,
                    h -> h.stats().drops(r));
        }
        for (CloseReason r : CloseReason.values()) {
            counter(registry, HUB_DISCONNECTS, tags.and(MetricNames.LABEL_REASON, label(r)), hub,
                    h -> h.stats().disconnects(r));
        }
        bindAbuseAndFaults(registry, hub, tags);
    }

    /** Sockets before CONNECT, protocol violations by rule, and every injected fault's effects (zero when none). */
    private static void bindAbuseAndFaults(MeterRegistry registry, Hub hub, Tags tags) {
        gauge(registry, MetricNames.HUB_CONNECTIONS_PENDING, tags, hub, h -> h.protocolStats().connectionsPending());
        for (ViolationRule rule : ViolationRule.values()) {
            counter(registry, MetricNames.HUB_PROTOCOL_VIOLATIONS, tags.and(MetricNames.LABEL_RULE, rule.label()), hub,
                    h -> h.protocolStats().violations(rule));
        }
        for (HubOperation op : HubOperation.values()) {
            Tags opTags = tags.and(MetricNames.LABEL_OPERATION, op.label());
            faultCounter(registry, opTags, "delayed", hub, h -> h.faultStats().operation(op).delayed());
            faultCounter(registry, opTags, "queued", hub, h -> h.faultStats().operation(op).queued());
            faultCounter(registry, opTags, "overflow", hub, h -> h.faultStats().operation(op).overflowed());
            faultCounter(registry, opTags, "refused", hub, h -> h.faultStats().operation(op).refused());
            counter(registry, MetricNames.HUB_FAULT_INJECTED_SECONDS, opTags, hub,
                    h -> h.faultStats().operation(op).injectedNanos() / 1e9);
            gauge(registry, MetricNames.HUB_FAULT_QUEUE_DEPTH, opTags, hub,
                    h -> h.faultStats().operation(op).queueDepth());
            gauge(registry, MetricNames.HUB_FAULT_ACTIVE, opTags, hub,
                    h -> h.faultStats().operation(op).active() ? 1 : 0);
        }
        faultCounter(registry, tags.and(MetricNames.LABEL_OPERATION, "connection"), "disconnect", hub,
                h -> h.faultStats().disconnects());
        faultCounter(registry, tags.and(MetricNames.LABEL_OPERATION, "read"), "stall", hub,
                h -> h.faultStats().stalls());
        counter(registry, MetricNames.HUB_FAULT_STALLED_SECONDS, tags, hub, h -> h.faultStats().stalledNanos() / 1e9);
    }

    private static void faultCounter(MeterRegistry registry, Tags tags, String kind, Hub hub,
            ToDoubleFunction<Hub> read) {
        counter(registry, MetricNames.HUB_FAULTS, tags.and(MetricNames.LABEL_KIND, kind), hub, read);
    }

    private static void gauge(MeterRegistry registry, String name, Tags tags, Hub hub, ToDoubleFunction<Hub> read) {
        Gauge.builder(MetricNames.micrometerName(name), hub, read).description(MetricNames.help(name)).tags(tags)
                .strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, Tags tags, Hub hub, ToDoubleFunction<Hub> read) {
        FunctionCounter.builder(MetricNames.micrometerName(name), hub, read).description(MetricNames.help(name))
                .tags(tags).register(registry);
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
