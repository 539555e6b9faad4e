package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboards use only metric names from the catalogue ({@link MetricNames}); a histogram counts with its
 * {@code _bucket}, {@code _count} and {@code _sum} series. (DashboardsIT shows that the names also return data.)
 */
class DashboardMetricNamesTest {

    private static final Pattern NAME = Pattern.compile("\\bfleetstorm_[a-z0-9_]+");

    @Test
    void everyMetricADashboardQueriesIsInTheCatalogue() throws Exception {
        Set<String> catalogue = catalogue();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Matcher m = NAME.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group().replaceFirst("_(bucket|count|sum)$", ""));
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(30);
        boolean hubInCatalogue = catalogue.stream().anyMatch(n -> n.startsWith("fleetstorm_hub_"));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(catalogue);
        if (!hubInCatalogue) {
            // the hub's series are named in cli.HubMetrics until the catalogue has them; DashboardsIT queries them
            missing.removeIf(n -> n.startsWith("fleetstorm_hub_"));
        }
        assertThat(missing).as("metric names in dashboards/*.json but not in MetricNames").isEmpty();
    }

    @Test
    void theUsedNamesIncludeEveryLatencyAndGeneratorSeries() throws IOException {
        String all = Files.readString(Path.of("dashboards/fleet-overview.json"))
                + Files.readString(Path.of("dashboards/generator-health.json"));
        assertThat(all).contains(MetricNames.OPERATION_LATENCY + "_bucket", MetricNames.OPERATION_SERVICE_TIME
                + "_bucket", MetricNames.LOOP_LAG + "_bucket", MetricNames.CPU_RATIO, MetricNames.HEAP_USED,
                MetricNames.OPEN_SOCKETS, MetricNames.SOCKETS_LIMIT, MetricNames.LATE_STARTS, MetricNames.PHASE_INFO);
    }

    private static Set<String> catalogue() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : MetricNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers())
                    && f.getType() == String.class) {
                String v = (String) f.get(null);
                if (v.startsWith(MetricNames.PREFIX) && !v.equals(MetricNames.PREFIX)) {
                    names.add(v);
                }
            }
        }
        return names;
    }
}
