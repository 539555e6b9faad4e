package io.fleetstorm.cli;

import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import java.time.Duration;

/** The run command's flags applied on top of the validated scenario ({@code --duration}, {@code --target}). */
final class RunOverrides {

    private RunOverrides() {
    }

    static Scenario apply(Scenario s, Duration cap, String target) {
        Scenario out = s;
        if (cap != null) {
            if (cap.isZero() || cap.isNegative()) {
                throw new InvalidInputException("--duration must be > 0, but was " + Units.format(cap));
            }
            out = out.cappedAt(cap);
        }
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
            out = out.withTargetAddress(target.substring(0, colon), port);
        }
        return out;
    }
}
