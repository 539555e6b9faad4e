package io.fleetstorm.report;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.ErrorKind;
import io.fleetstorm.metrics.ResultSection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a run reached its target at all. Unreachable: devices tried to connect (CONNECTs sent, connect failures,
 * or devices that never connected) and not one got a CONNACK of any kind. A target that answers every CONNECT with a
 * refusal was reached: that run fails its connect rule instead (exit 3), with the refusal explained.
 */
final class Reachability {

    /** The error kinds of a failed attempt to reach the target. */
    private static final Set<String> FAILED_ATTEMPTS = Set.of(ErrorKind.CONNECT.label(), ErrorKind.TIMEOUT.label(),
            ErrorKind.IO.label(), ErrorKind.RECONNECT.label());

    private Reachability() {
    }

    /** Why the target was unreachable, in one line; null when it was reached or never tried. */
    static String unreachable(ResultSection run) {
        boolean reached = run.counter(Counter.CONNECTS_OK) > 0 || run.counter(Counter.DEVICES_CONNECTED_ONCE) > 0
                || run.errorsOfKind(ErrorKind.CONNACK.label()) > 0;
        boolean tried = run.counter(Counter.CONNECT_ATTEMPTS) > 0 || run.errorsOfKind(ErrorKind.CONNECT.label()) > 0
                || run.counter(Counter.DEVICES_NEVER_CONNECTED) > 0;
        if (reached || !tried) {
            return null;
        }
        long never = run.counter(Counter.DEVICES_NEVER_CONNECTED);
        Map<ErrorKey, Long> byReason = new LinkedHashMap<>(); // over every group
        run.errors().forEach((k, v) -> {
            if (FAILED_ATTEMPTS.contains(k.kind())) {
                byReason.merge(new ErrorKey("", k.kind(), k.reason()), v, Long::sum);
            }
        });
        String causes = byReason.entrySet().stream()
                .sorted(Map.Entry.<ErrorKey, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey().kind() + "/" + e.getKey().reason() + " " + e.getValue()
                        + ErrorKind.explain(e.getKey().kind(), e.getKey().reason()).map(x -> " (" + x + ")")
                                .orElse(""))
                .collect(Collectors.joining(", "));
        return "no device ever connected" + (never > 0 ? " (" + never + " never connected)" : "")
                + (causes.isEmpty() ? "" : "; failed attempts: " + causes);
    }
}
