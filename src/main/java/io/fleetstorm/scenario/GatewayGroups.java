package io.fleetstorm.scenario;

import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Connect;
import io.fleetstorm.scenario.behaviour.Reconnect;
import io.fleetstorm.scenario.behaviour.Register;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that tie groups together: sub-devices behind a gateway group (which must exist, carry them in equal
 * shares of at most 1,500, and not be sub-devices itself), which behaviours each kind of group may run, and that
 * devices which register for their credentials do so in a phase before they connect.
 */
final class GatewayGroups {

    /** Sub-devices one gateway may have bound (the cloud's product limit). */
    static final int MAX_PER_GATEWAY = 1_500;

    private GatewayGroups() {
    }

    /** Checks every group's {@code gateway} field against the groups read. */
    static void check(List<Scenario.Group> groups, Map<String, YamlNode> gatewayFields) {
        Map<String, Scenario.Group> byName = new HashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        for (Scenario.Group sub : groups) {
            if (sub.gateway() == null) {
                continue;
            }
            YamlNode at = gatewayFields.get(sub.name());
            Scenario.Group gw = byName.get(sub.gateway());
            if (gw == null) {
                at.problem("must name another group of this scenario (the gateways that carry these sub-devices)",
                        sub.gateway());
            } else if (gw == sub) {
                at.problem("must name another group: a group cannot be its own gateways", sub.gateway());
            } else if (gw.gateway() != null) {
                at.problem("must name a group of devices with a connection of their own, but group " + gw.name()
                        + " is itself behind gateways", sub.gateway());
            } else if (sub.count() % gw.count() != 0) {
                at.problem("needs count to be a multiple of group " + gw.name() + "'s " + gw.count() + " gateways "
                        + "(each carries count / " + gw.count() + " sub-devices), but count is " + sub.count(),
                        sub.gateway());
            } else if (sub.count() / gw.count() > MAX_PER_GATEWAY) {
                at.problem("would give each gateway of group " + gw.name() + " " + sub.count() / gw.count()
                        + " sub-devices, more than the " + MAX_PER_GATEWAY + " one gateway may have bound",
                        sub.gateway());
            } else if (gw.productId().equals(sub.productId())) {
                at.problem("must name gateways of another product: product " + sub.productId() + " cannot be both "
                        + "a gateway product and its sub-product", sub.gateway());
            } else if (sub.credentials() instanceof Credentials.Registered) {
                at.problem("cannot be combined with credentials: register (sub-devices are bound by their gateway "
                        + "with their PSK)", sub.gateway());
            }
        }
    }

    /** The behaviours of each phase against the kind of group they are given to, in phase order. */
    static final class Phases {
        private final Map<String, Scenario.Group> byName = new HashMap<>();
        private final Set<String> registered = new HashSet<>();
        private final Map<String, Boolean> registeredThisPhase = new HashMap<>();

        Phases(List<Scenario.Group> groups) {
            groups.forEach(g -> byName.put(g.name(), g));
        }

        /** What {@code group} does in the phase being read, reported at {@code at}. */
        void check(String group, List<Behaviour> list, YamlNode at) {
            Scenario.Group g = byName.get(group);
            if (g == null) {
                return;
            }
            boolean sub = g.gateway() != null;
            boolean registers = g.credentials() instanceof Credentials.Registered;
            for (Behaviour b : list) {
                if (sub && !b.forSubDevices()) {
                    at.problem(b.key() + " is for devices with a connection of their own; group " + group + " is "
                            + "sub-devices behind gateways of group " + g.gateway() + " (they bind, go online and "
                            + "offline, and do the rest through their gateway)", null);
                } else if (!sub && !b.forDirectDevices()) {
                    at.problem(b.key() + " is for sub-devices (a group with gateway:), but group " + group + "'s "
                            + "devices have a connection of their own", null);
                } else if (b instanceof Register && !registers) {
                    at.problem("register needs the group's credentials to be register: {productSecret: ...} (the "
                            + "devices then obtain their PSKs by registering)", null);
                } else if ((b instanceof Connect || b instanceof Reconnect) && registers
                        && !registered.contains(group)) {
                    at.problem(b.key() + " comes before group " + group + "'s devices registered: with credentials "
                            + "register, a register behaviour must come in an earlier phase", null);
                }
                if (b instanceof Register) {
                    registeredThisPhase.put(group, true);
                }
            }
        }

        /** The phase is read: its registrations count for the phases after it. */
        void phaseDone(Scenario.Phase phase) {
            registered.addAll(registeredThisPhase.keySet());
            registeredThisPhase.clear();
        }
    }
}
