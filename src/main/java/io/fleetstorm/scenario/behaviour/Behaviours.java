package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The behaviours a scenario can name, each with its reader; a test checks this table against {@code permits}. */
public final class Behaviours {

    /** YAML name to reader, in the order messages list them. */
    static final Map<String, Function<YamlNode, Behaviour>> READERS = readers();

    private Behaviours() {
    }

    private static Map<String, Function<YamlNode, Behaviour>> readers() {
        Map<String, Function<YamlNode, Behaviour>> m = new LinkedHashMap<>();
        m.put(Connect.KEY, Connect::read);
        m.put(Idle.KEY, Idle::read);
        m.put(Telemetry.KEY, Telemetry::read);
        m.put(Echo.KEY, Echo::read);
        m.put(Downlink.KEY, Downlink::read);
        m.put(Shadow.KEY, Shadow::read);
        m.put(Ota.KEY, Ota::read);
        m.put(Reconnect.KEY, Reconnect::read);
        m.put(Bind.KEY, Bind::read);
        m.put(Online.KEY, Online::read);
        m.put(Offline.KEY, Offline::read);
        m.put(Register.KEY, Register::read);
        m.put(Config.KEY, Config::read);
        m.put(Resource.KEY, Resource::read);
        return m;
    }

    /** Every YAML name. */
    public static List<String> keys() {
        return List.copyOf(READERS.keySet());
    }

    /** What one group does in one phase: a mapping of behaviour name to its fields; every problem reported. */
    public static List<Behaviour> read(YamlNode node) {
        List<Behaviour> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : node.entries(keys()).entrySet()) {
            out.add(READERS.get(e.getKey()).apply(e.getValue()));
        }
        return List.copyOf(out);
    }
}
