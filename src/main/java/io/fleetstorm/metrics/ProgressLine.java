package io.fleetstorm.metrics;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * The live progress line: phase, elapsed/total, connected devices, rates, p99 of the main operations, errors and the
 * generator's health. Rewrites one line on a terminal; plain lines when piped.
 */
public final class ProgressLine implements Consumer<IntervalSnapshot> {

    private final PrintWriter out;
    private final boolean terminal;
    private final long totalNanos;
    private final IntSupplier connected;
    private final int everyIntervals;
    private int seen;
    private long lastErrors;

    public ProgressLine(PrintWriter out, boolean terminal, long totalNanos, IntSupplier connected,
            int everyIntervals) {
        this.out = out;
        this.terminal = terminal;
        this.totalNanos = totalNanos;
        this.connected = connected;
        this.everyIntervals = everyIntervals;
    }

    @Override
    public void accept(IntervalSnapshot s) {
        if (++seen % everyIntervals != 0) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("[%s %3.0fs/%.0fs] connected %d", s.phase(), s.elapsedNanos() / 1e9,
                totalNanos / 1e9, connected.getAsInt()));
        double seconds = Math.max(1e-9, s.intervalNanos() / 1e9);
        Map<Operation, Histogram> byOp = new java.util.EnumMap<>(Operation.class);
        s.corrected().forEach((k, h) -> byOp.computeIfAbsent(k.operation(),
                o -> new Histogram(LoopRecorder.DIGITS)).add(h));
        byOp.forEach((op, h) -> sb.append(String.format(" | %s %.0f/s p99 %.1fms", op.label(),
                h.getTotalCount() / seconds, h.getValueAtPercentile(99) / 1e6)));
        long errors = s.errors().values().stream().mapToLong(Long::longValue).sum();
        long lagP99 = s.loopLag().getTotalCount() == 0 ? 0 : s.loopLag().getValueAtPercentile(99);
        sb.append(String.format(" | errors %d (+%d) | late %d | lag p99 %.1fms", errors, errors - lastErrors,
                s.lateStarts(), lagP99 / 1e6));
        lastErrors = errors;
        if (terminal) {
            out.print("\r\033[2K" + sb);
        } else {
            out.println(sb);
        }
        out.flush();
    }
}
