package io.fleetstorm.scenario;

import io.fleetstorm.hub.HubFaultSpec;
import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.hub.HubOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The scenario's {@code hub:} section: the faults the embedded hub injects, written with the keys and values of
 * {@code fleetstorm hub}'s flags and parsed by the hub's own {@link HubFaultSpec}, so a file and a command line can
 * never disagree on what {@code lognormal:2ms:20ms} means:
 * <pre>
 * hub:
 *   limits: {publish: 2000/s, connect: 300/s@10s-40s}
 *   delays: {puback: lognormal:2ms:20ms}
 *   refuse: {connect: 10%, api: 5%:InternalError}
 *   disconnects: 2/s@60s-120s
 *   stalls: 500ms/30s
 *   window: 10s-40s      # the schedule of every fault without its own @window
 *   queue: 10000         # operations each limit may hold waiting
 * </pre>
 * Every problem is reported with the file, line and field ({@code scenario.yaml:12: hub.limits.publish must be a rate
 * like 2000/s, 2k/s or 120/m, but was '2000/x'}). The section is for the embedded hub only: a scenario with a
 * {@code target} cannot make someone else's hub slow.
 */
final class HubSectionReader {

    /** The section's fields, in the order messages list them. */
    static final List<String> FIELDS = List.of("limits", "delays", "refuse", "disconnects", "stalls", "window",
            "queue");
    /** The operations the per-operation fields take, as the hub's flags do. */
    static final List<String> OPERATIONS = Arrays.stream(HubOperation.values()).map(HubOperation::label)
            .toList();

    private HubSectionReader() {
    }

    /** The faults of {@code node} (null: no section, no faults); {@code hasTarget} refuses the section. */
    static HubFaults read(YamlNode node, boolean hasTarget) {
        if (node == null) {
            return HubFaults.NONE;
        }
        if (hasTarget) {
            node.problem("applies to the embedded hub only, and this scenario names a target; start that hub with "
                    + "'fleetstorm hub --limit ...' flags instead, or remove target", null);
            return HubFaults.NONE;
        }
        Map<String, YamlNode> fields = node.entries(FIELDS);
        HubFaults.Builder builder = HubFaults.builder();
        List<String> errors = new ArrayList<>();
        perOperation(fields.get("limits"), (key, value, where) ->
                HubFaultSpec.limit(builder, key, value, where, errors));
        perOperation(fields.get("delays"), (key, value, where) ->
                HubFaultSpec.delay(builder, key, value, where, errors));
        perOperation(fields.get("refuse"), (key, value, where) ->
                HubFaultSpec.refuse(builder, key, value, where, errors));
        one(fields.get("disconnects"), (value, where) -> HubFaultSpec.disconnects(builder, value, where, errors));
        one(fields.get("stalls"), (value, where) -> HubFaultSpec.stalls(builder, value, where, errors));
        one(fields.get("window"), (value, where) -> HubFaultSpec.window(builder, value, where, errors));
        one(fields.get("queue"), (value, where) -> HubFaultSpec.queue(builder, value, where, errors));
        errors.forEach(node.problems()::line);
        return errors.isEmpty() ? builder.build() : HubFaults.NONE;
    }

    private interface Entry {
        void accept(String key, String value, String where);
    }

    private interface Value {
        void accept(String value, String where);
    }

    /** A mapping of operation to value; an unknown operation is named by the hub's parser. */
    private static void perOperation(YamlNode node, Entry entry) {
        if (node == null) {
            return;
        }
        for (Map.Entry<String, YamlNode> e : node.entries(null).entrySet()) {
            String value = e.getValue().scalar();
            if (value != null) {
                entry.accept(e.getKey(), value, where(e.getValue()));
            }
        }
    }

    private static void one(YamlNode node, Value value) {
        if (node == null) {
            return;
        }
        String text = node.scalar();
        if (text != null) {
            value.accept(text, where(node));
        }
    }

    /** {@code file:line: hub.limits.publish}: how the hub's parser names the value in its messages. */
    private static String where(YamlNode node) {
        return node.problems().file() + ":" + node.line() + ": " + node.path();
    }
}
