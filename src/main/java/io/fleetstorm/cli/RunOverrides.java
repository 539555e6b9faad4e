package io.fleetstorm.cli;

import io.fleetstorm.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The run command's flags applied on top of the validated scenario ({@code --duration}, {@code --target}). */
final class RunOverrides {

    private RunOverrides() {
    }

    static Scenario apply(Scenario s, Duration cap, String target) {
        List<Scenario.Phase> phases = s.phases();
        if (cap != null) {
            if (cap.isZero() || cap.isNegative()) {
                throw new InvalidInputException("--duration must be > 0, but was " + cap);
            }
            phases = new ArrayList<>();
            Duration left = cap;
            for (Scenario.Phase p : s.phases()) {
                if (left.isZero()) {
                    break;
                }
                Duration d = p.duration().compareTo(left) <= 0 ? p.duration() : left;
                phases.add(new Scenario.Phase(p.name(), d, p.behaviours()));
                left = left.minus(d);
            }
        }
        Scenario.Target t = s.target();
        if (target != null) {
            int colon = target.lastIndexOf(':');
            int port;
            try {
                port = colon <= 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw new InvalidInputException("--target must be HOST:PORT with a port in 1..65535, but was '"
                        + target + "'");
            }
            t = new Scenario.Target(false, target.substring(0, colon), port, t.tls(), t.caFile(), t.insecure(),
                    t.apiUrl(), t.sourceAddresses());
        }
        return new Scenario(s.name(), s.file(), t, s.groups(), List.copyOf(phases), s.thresholds(), s.outputDir(),
                s.metricsPort(), s.acceptSaturation());
    }
}
