package io.fleetstorm.cli;

import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Units;
import java.time.Duration;

/** The run command's flags applied on top of the validated scenario ({@code --duration}, {@code --target}). */
final class RunOverrides {

    private RunOverrides() {
    }

    /**
     * The flags as a user gives them: {@code --target} on a scenario with a {@code hub:} section is refused, as
     * {@code target:} with one is in the file, since the faults it describes cannot be applied to someone else's hub
     * and a run that silently dropped them would measure something other than the scenario says.
     */
    static Scenario applyUserFlags(Scenario s, Duration cap, String target) {
        if (target != null && !s.hubFaults().isEmpty()) {
            throw new InvalidInputException("--target " + target + ": the scenario's hub: section (" + s.hubFaults()
                    + ") applies to the embedded hub only; remove the section to run against " + target
                    + ", or start that hub with 'fleetstorm hub' and the same faults as flags");
        }
        return apply(s, cap, target);
    }

    /** The flags as the controller passes them to an agent (the target may be the controller's embedded hub). */
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
