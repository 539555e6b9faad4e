package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.Units;
import io.fleetstorm.scenario.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OTA wave at the phase start: an upgrade task for {@code fraction} of the group (through the API when
 * {@code createTask}), every connected device reporting its version at once; the targeted ones download (at
 * {@code downloadBytesPerSecond}, 0 = unthrottled), burn for {@code burn} and report done, or fail for
 * {@code failRatio} of them. Written {@code ota: {fraction: 5%, version: 1.1.0, size: 64KB, burn: 1s, fail: 10%}}.
 */
public record Ota(double fraction, String version, long sizeBytes, boolean createTask, long downloadBytesPerSecond,
        Duration burn, double failRatio) implements Behaviour {

    static final String KEY = "ota";
    static final List<String> FIELDS = List.of("fraction", "version", "size", "createTask", "downloadRate", "burn",
            "fail");
    /** The firmware size when none is given. */
    static final long DEFAULT_SIZE = 256 * 1024;
    /** The largest download rate: a gigabyte per second is past any device link. */
    static final long MAX_DOWNLOAD_PER_SECOND = 1024L * 1024 * 1024;

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        double fraction = Fields.share(Fields.required(node, m, "fraction"), true, 0.0001);
        String version = Fields.text(Fields.required(node, m, "version"), "2.0.0");
        if (!version.matches("[A-Za-z0-9._-]{1,32}")) {
            m.get("version").problem("must match [A-Za-z0-9._-]{1,32}", version);
        }
        long size = Fields.size(m.get("size"), Fields.MAX_SIZE, DEFAULT_SIZE);
        boolean createTask = Fields.bool(m.get("createTask"), true);
        long downloadRate = downloadRate(m.get("downloadRate"));
        Duration burn = Fields.duration(m.get("burn"), Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(2));
        double fail = Fields.share(m.get("fail"), false, 0);
        return new Ota(fraction, version, size, createTask, downloadRate, burn, fail);
    }

    private static long downloadRate(YamlNode n) {
        if (n == null) {
            return 0;
        }
        String text = n.scalar();
        if (text == null) {
            return 0;
        }
        long perSecond = text.endsWith("/s") ? Fields.parseSize(text.substring(0, text.length() - 2)) : -1;
        if (perSecond <= 0 || perSecond > MAX_DOWNLOAD_PER_SECOND) {
            n.problem("must be a size per second such as 100KB/s, in 1B/s..1024MB/s", text);
            return 0;
        }
        return perSecond;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "OTA to " + version + " (" + sizeBytes + " B) for " + Units.trim(fraction * 100) + "% of the group"
                + (createTask ? " through an API task" : "") + ", burn " + Units.format(burn) + ", "
                + Units.trim(failRatio * 100) + "% fail";
    }

    @Override
    public List<NamedRate> rates() {
        return List.of();
    }

    /** One row: the devices the wave upgrades. */
    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        return List.of(new PlanRow("ota wave", null, targeted(devices), false));
    }

    /** Devices the wave targets in a group of {@code devices}. */
    public long targeted(int devices) {
        return Math.max(1, Math.round(fraction * devices));
    }

    @Override
    public Behaviour scaled(double share) {
        return this;
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.OTA_UPDATE);
    }

    @Override
    public Set<String> operations() {
        return createTask ? Set.of("ota-command", "ota-download", "ota-done", "api-call")
                : Set.of("ota-command", "ota-download", "ota-done");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.ota(this);
    }
}
