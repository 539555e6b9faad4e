package io.fleetstorm.cluster;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.CounterKey;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.GaugeValue;
import io.fleetstorm.metrics.GeneratorSample;
import io.fleetstorm.metrics.GroupOperation;
import io.fleetstorm.metrics.HistogramCodec;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.LatencyHistograms;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.metrics.Outage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One agent's reporting interval as it travels over the event bus: the interval latency histograms per group and
 * operation (HdrHistogram's compressed encoding, exact), counter and error deltas, gauges, loop lag and generator
 * health. Adding the intervals of every agent gives exactly what one collector would have seen.
 *
 * @param slow          whether the agent's generator fell behind in this interval
 * @param cpuBusySeconds the agent's longest busy-CPU stretch so far
 * @param secondOfRun   the interval's start, in whole seconds from the agent's run start
 */
public record AgentInterval(String agent, int index, String phase, long startMillis, long endMillis,
        Map<GroupOperation, LatencyHistograms> latencies, Map<CounterKey, Long> counters, Map<ErrorKey, Long> errors,
        List<GaugeValue> gauges, Histogram loopLag, GeneratorSample generator, boolean slow, double cpuBusySeconds,
        long secondOfRun) {

    /** Encodes a snapshot of the agent's collector. */
    public static JsonObject encode(String agent, IntervalSnapshot s, boolean slow) {
        JsonArray lat = new JsonArray();
        s.latencies().forEach((k, h) -> lat.add(new JsonArray().add(k.group()).add(k.operation().label())
                .add(HistogramCodec.encode(h.corrected())).add(HistogramCodec.encode(h.service()))));
        JsonArray counters = new JsonArray();
        s.counterDeltas().forEach((k, v) -> counters.add(new JsonArray().add(k.group()).add(k.counter().label())
                .add(k.behaviour()).add(k.qos()).add(v)));
        JsonArray errors = new JsonArray();
        s.errorDeltas().forEach((k, v) -> errors.add(new JsonArray().add(k.group()).add(k.kind()).add(k.reason())
                .add(v)));
        JsonArray gauges = new JsonArray();
        s.gauges().forEach(g -> gauges.add(new JsonArray().add(g.name()).add(g.group()).add(g.value())));
        GeneratorSample g = s.generator();
        return new JsonObject().put("type", "interval").put("agent", agent).put("index", s.index())
                .put("phase", s.phase()).put("start", s.startEpochMillis()).put("end", s.endEpochMillis())
                .put("latencies", lat).put("counters", counters).put("errors", errors).put("gauges", gauges)
                .put("lag", HistogramCodec.encode(s.loopLag()))
                .put("gen", new JsonArray().add(g.cpuRatio()).add(g.heapUsedBytes()).add(g.heapMaxBytes())
                        .add(g.openFds()).add(g.fdLimit()))
                .put("slow", slow).put("busy", s.run().generator().cpuBusySeconds())
                .put("second", (s.startNanos() - s.runStartNanos()) / 1_000_000_000L);
    }

    /** Decodes what {@link #encode} wrote; a malformed message throws IllegalArgumentException. */
    public static AgentInterval decode(JsonObject j) {
        try {
            Map<GroupOperation, LatencyHistograms> lat = new LinkedHashMap<>();
            for (Object o : j.getJsonArray("latencies")) {
                JsonArray a = (JsonArray) o;
                Operation op = Operation.fromLabel(a.getString(1)).orElseThrow();
                lat.put(new GroupOperation(a.getString(0), op), new LatencyHistograms(
                        HistogramCodec.decode(a.getString(2)), HistogramCodec.decode(a.getString(3))));
            }
            Map<CounterKey, Long> counters = new LinkedHashMap<>();
            for (Object o : j.getJsonArray("counters")) {
                JsonArray a = (JsonArray) o;
                counters.put(new CounterKey(a.getString(0), Counter.fromLabel(a.getString(1)).orElseThrow(),
                        a.getString(2), a.getInteger(3)), a.getLong(4));
            }
            Map<ErrorKey, Long> errors = new LinkedHashMap<>();
            for (Object o : j.getJsonArray("errors")) {
                JsonArray a = (JsonArray) o;
                errors.put(new ErrorKey(a.getString(0), a.getString(1), a.getString(2)), a.getLong(3));
            }
            List<GaugeValue> gauges = new ArrayList<>();
            for (Object o : j.getJsonArray("gauges")) {
                JsonArray a = (JsonArray) o;
                gauges.add(new GaugeValue(a.getString(0), a.getString(1), a.getLong(2)));
            }
            JsonArray g = j.getJsonArray("gen");
            return new AgentInterval(j.getString("agent"), j.getInteger("index"), j.getString("phase"),
                    j.getLong("start"), j.getLong("end"), lat, counters, errors, gauges,
                    HistogramCodec.decode(j.getString("lag")), new GeneratorSample(g.getDouble(0), g.getLong(1),
                            g.getLong(2), g.getLong(3), g.getLong(4)), j.getBoolean("slow"), j.getDouble("busy"),
                    j.getLong("second"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed interval report: " + e, e);
        }
    }

    /** One target outage as it travels in an agent's end-of-run report. */
    public static JsonObject encodeOutage(Outage o) {
        return new JsonObject().put("group", o.group()).put("start", o.startEpochMillis()).put("dropped", o.dropped())
                .put("back50", o.back50Millis()).put("back99", o.back99Millis()).put("back100", o.back100Millis())
                .put("neverBack", o.neverBack()).put("qos1Unacknowledged", o.qos1Unacknowledged())
                .put("planned", o.planned());
    }

    /** Decodes what {@link #encodeOutage} wrote; a malformed one throws IllegalArgumentException. */
    public static Outage decodeOutage(JsonObject j) {
        try {
            return new Outage(j.getString("group"), j.getLong("start"), j.getInteger("dropped"), j.getLong("back50"),
                    j.getLong("back99"), j.getLong("back100"), j.getInteger("neverBack"),
                    j.getLong("qos1Unacknowledged"), j.getBoolean("planned", false));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed outage report: " + e, e);
        }
    }
}
