package io.fleetstorm.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Faults the hub injects on purpose, so that a pipeline's thresholds and fleetstorm's own measurements can be
 * rehearsed against a slow or failing target: per {@link HubOperation} a throughput cap (operations beyond it queue,
 * so latency climbs as a saturated broker's does, and are refused once the queue is full), an added delay, a refusal
 * ratio; random disconnects at a rate; stalls (no connection is read for a while, periodically). Each fault applies
 * in a {@link FaultWindow} of the hub's lifetime. Immutable; built with {@link #builder()}, whose setters reject bad
 * values with the rule. Textual forms ({@code publish=2000/s}) are parsed by {@link HubFaultSpec}.
 */
public final class HubFaults {

    /** Operations a capped operation type may hold waiting before it refuses more. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** The cloud's error code for throttled API calls, answered to refused and over-capacity calls. */
    public static final String DEFAULT_API_ERROR = "RequestLimitExceeded";
    public static final double MAX_RATE_PER_SECOND = 10_000_000;
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;
    private static final Pattern API_ERROR_CODE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}(\\.[A-Z][A-Za-z0-9]{0,63})?");

    /** The hub as the cloud behaves: no fault. */
    public static final HubFaults NONE = builder().build();

    /** At most {@code perSecond} operations a second; the rest wait in order. */
    public record Limit(double perSecond, FaultWindow window) {
    }

    /** Every operation held for a sampled time. */
    public record Delay(DelaySpec delay, FaultWindow window) {
    }

    /**
     * A share of operations refused; {@code apiErrorCode} is the error code of refused API calls (null for other
     * operations).
     */
    public record Refusal(double ratio, FaultWindow window, String apiErrorCode) {
    }

    /** Device connections closed by the hub at random, {@code perSecond} of them each second. */
    public record Disconnects(double perSecond, FaultWindow window) {
    }

    /** Every {@code every}, no connection is read for {@code stall}. */
    public record Stalls(Duration stall, Duration every, FaultWindow window) {
    }

    private final Map<HubOperation, Limit> limits;
    private final Map<HubOperation, Delay> delays;
    private final Map<HubOperation, Refusal> refusals;
    private final Disconnects disconnects;
    private final Stalls stalls;
    private final int queueCapacity;

    private HubFaults(Builder b) {
        FaultWindow global = b.window;
        this.limits = freeze(b.limits, (op, l) -> new Limit(l.perSecond(), orElse(l.window(), global)));
        this.delays = freeze(b.delays, (op, d) -> new Delay(d.delay(), orElse(d.window(), global)));
        this.refusals = freeze(b.refusals, (op, r) -> new Refusal(r.ratio(), orElse(r.window(), global),
                r.apiErrorCode()));
        this.disconnects = b.disconnects == null ? null
                : new Disconnects(b.disconnects.perSecond(), orElse(b.disconnects.window(), global));
        this.stalls = b.stalls == null ? null
                : new Stalls(b.stalls.stall(), b.stalls.every(), orElse(b.stalls.window(), global));
        this.queueCapacity = b.queueCapacity;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<HubOperation, Limit> limits() {
        return limits;
    }

    public Map<HubOperation, Delay> delays() {
        return delays;
    }

    public Map<HubOperation, Refusal> refusals() {
        return refusals;
    }

    public Optional<Disconnects> disconnects() {
        return Optional.ofNullable(disconnects);
    }

    public Optional<Stalls> stalls() {
        return Optional.ofNullable(stalls);
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public boolean isEmpty() {
        return limits.isEmpty() && delays.isEmpty() && refusals.isEmpty() && disconnects == null && stalls == null;
    }

    /** Whether any fault touches this operation. */
    public boolean touches(HubOperation op) {
        return limits.containsKey(op) || delays.containsKey(op) || refusals.containsKey(op);
    }

    /** One line per fault, as flags would write it, e.g. {@code limit publish=2000/s (queue 10000)}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        limits.forEach((op, l) -> lines.add("limit " + op.label() + "=" + HubFaultSpec.formatRate(l.perSecond())
                + l.window().describe() + " (queue " + queueCapacity + ")"));
        delays.forEach((op, d) -> lines.add("delay " + op.label() + "=" + d.delay().describe()
                + d.window().describe()));
        refusals.forEach((op, r) -> lines.add("refuse " + op.label() + "=" + HubFaultSpec.formatPercent(r.ratio())
                + (r.apiErrorCode() == null ? "" : ":" + r.apiErrorCode()) + r.window().describe()));
        if (disconnects != null) {
            lines.add("disconnect " + HubFaultSpec.formatRate(disconnects.perSecond())
                    + disconnects.window().describe());
        }
        if (stalls != null) {
            lines.add("stall " + HubFaultSpec.formatNanos(stalls.stall().toNanos()) + "/"
                    + HubFaultSpec.formatNanos(stalls.every().toNanos()) + stalls.window().describe());
        }
        return lines;
    }

    @Override
    public String toString() {
        return isEmpty() ? "no faults" : String.join(", ", describe());
    }

    private static FaultWindow orElse(FaultWindow own, FaultWindow global) {
        return own != null ? own : global != null ? global : FaultWindow.ALWAYS;
    }

    private static <V> Map<HubOperation, V> freeze(Map<HubOperation, V> source,
            java.util.function.BiFunction<HubOperation, V, V> resolve) {
        EnumMap<HubOperation, V> copy = new EnumMap<>(HubOperation.class);
        source.forEach((op, v) -> copy.put(op, resolve.apply(op, v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Collects faults. A {@code null} window means the builder's {@link #window(FaultWindow) default window}, or
     * always. A second fault of one kind for one operation replaces the first.
     */
    public static final class Builder {

        private final Map<HubOperation, Limit> limits = new EnumMap<>(HubOperation.class);
        private final Map<HubOperation, Delay> delays = new EnumMap<>(HubOperation.class);
        private final Map<HubOperation, Refusal> refusals = new EnumMap<>(HubOperation.class);
        private Disconnects disconnects;
        private Stalls stalls;
        private FaultWindow window;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        private Builder() {
        }

        public Builder limit(HubOperation op, double perSecond, FaultWindow window) {
            Objects.requireNonNull(op, "op");
            checkRate("a limit of " + op.label(), perSecond);
            limits.put(op, new Limit(perSecond, window));
            return this;
        }

        public Builder delay(HubOperation op, DelaySpec delay, FaultWindow window) {
            Objects.requireNonNull(op, "op");
            delays.put(op, new Delay(Objects.requireNonNull(delay, "delay"), window));
            return this;
        }

        /** @param ratio 0..1 */
        public Builder refuse(HubOperation op, double ratio, FaultWindow window) {
            return refuse(op, ratio, window, op == HubOperation.API ? DEFAULT_API_ERROR : null);
        }

        /** @param apiErrorCode the error code refused API calls get; only for {@link HubOperation#API} */
        public Builder refuse(HubOperation op, double ratio, FaultWindow window, String apiErrorCode) {
            Objects.requireNonNull(op, "op");
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("a refusal ratio of " + op.label() + " must be 0%..100%, but was "
                        + HubFaultSpec.formatPercent(ratio));
            }
            if (op != HubOperation.API && apiErrorCode != null) {
                throw new IllegalArgumentException("only api refusals take an error code, but " + op.label()
                        + " was given '" + apiErrorCode + "'");
            }
            if (op == HubOperation.API && (apiErrorCode == null || !API_ERROR_CODE.matcher(apiErrorCode).matches())) {
                throw new IllegalArgumentException("an api error code must look like RequestLimitExceeded or "
                        + "FailedOperation.Busy, but was '" + apiErrorCode + "'");
            }
            refusals.put(op, new Refusal(ratio, window, apiErrorCode));
            return this;
        }

        public Builder disconnects(double perSecond, FaultWindow window) {
            checkRate("a disconnect rate", perSecond);
            disconnects = new Disconnects(perSecond, window);
            return this;
        }

        public Builder stalls(Duration stall, Duration every, FaultWindow window) {
            Objects.requireNonNull(stall, "stall");
            Objects.requireNonNull(every, "every");
            if (stall.toMillis() < 1 || every.compareTo(Duration.ofHours(1)) > 0 || stall.compareTo(every) >= 0) {
                throw new IllegalArgumentException("a stall must last 1ms or more and less than its period, and the "
                        + "period must be at most 1h, but was " + HubFaultSpec.formatNanos(stall.toNanos()) + "/"
                        + HubFaultSpec.formatNanos(every.toNanos()));
            }
            stalls = new Stalls(stall, every, window);
            return this;
        }

        /** The window of every fault given without its own. */
        public Builder window(FaultWindow value) {
            this.window = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            if (value < 1 || value > MAX_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("the fault queue capacity must be 1.." + MAX_QUEUE_CAPACITY
                        + ", but was " + value);
            }
            this.queueCapacity = value;
            return this;
        }

        public HubFaults build() {
            return new HubFaults(this);
        }

        private static void checkRate(String what, double perSecond) {
            if (!(perSecond > 0 && perSecond <= MAX_RATE_PER_SECOND)) {
                throw new IllegalArgumentException(what + " must be > 0/s and at most "
                        + HubFaultSpec.formatRate(MAX_RATE_PER_SECOND) + ", but was "
                        + HubFaultSpec.formatRate(perSecond));
            }
        }
    }
}
