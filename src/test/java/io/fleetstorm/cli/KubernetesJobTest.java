package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests in {@code deploy/k8s/} checked without a cluster: every document parses and has its kind's required
 * fields, field names at the levels we write are ones Kubernetes knows (a typo would be ignored by a lenient
 * apply), the references between them hold, the Job's command line and environment are options {@code fleetstorm
 * run} has, and the ConfigMap's scenario passes {@code fleetstorm validate}.
 */
class KubernetesJobTest {

    private static final Path DIR = Path.of("deploy/k8s");
    private static final Set<String> KINDS = Set.of("v1/ConfigMap", "v1/PersistentVolumeClaim", "v1/Pod",
            "v1/Service", "batch/v1/Job", "monitoring.coreos.com/v1/ServiceMonitor",
            "kustomize.config.k8s.io/v1beta1/Kustomization");
    private static final Set<String> JOB_SPEC = Set.of("backoffLimit", "activeDeadlineSeconds",
            "ttlSecondsAfterFinished", "template", "completions", "parallelism", "podFailurePolicy");
    private static final Set<String> POD_SPEC = Set.of("restartPolicy", "terminationGracePeriodSeconds",
            "securityContext", "containers", "volumes", "activeDeadlineSeconds", "nodeSelector", "tolerations");
    private static final Set<String> CONTAINER = Set.of("name", "image", "imagePullPolicy", "args", "command", "env",
            "ports", "resources", "securityContext", "volumeMounts");
    private static final Set<String> POD_SECURITY = Set.of("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup",
            "seccompProfile");
    private static final Set<String> CONTAINER_SECURITY = Set.of("allowPrivilegeEscalation",
            "readOnlyRootFilesystem", "capabilities");
    /** Measured (docs/performance.md): at most 20 KB of RSS per device, over a JVM of under 512 MiB. */
    private static final long BYTES_PER_DEVICE = 20_000;
    private static final long JVM_BYTES = 512L << 20;

    private static final List<Map<String, Object>> DOCS = new ArrayList<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                        assertThat(doc).as(file + ": every document is a mapping").isInstanceOf(Map.class);
                        DOCS.add(map(doc));
                    }
                }
            }
        }
        assertThat(DOCS).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void everyDocumentIsAKnownKindWithAName() {
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> doc : DOCS) {
            String kind = doc.get("apiVersion") + "/" + doc.get("kind");
            assertThat(KINDS).as("apiVersion/kind").contains(kind);
            if (!kind.endsWith("/Kustomization")) {
                assertThat(str(doc, "metadata.name")).as(kind + " metadata.name")
                        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
                assertThat(seen.add(kind + "/" + str(doc, "metadata.name"))).as("unique " + kind).isTrue();
            }
        }
    }

    @Test
    void theJobRunsOnceAsNonRootWithTheKnownFields() {
        Map<String, Object> job = one("Job");
        assertThat(map(job.get("spec")).keySet()).isSubsetOf(JOB_SPEC);
        assertThat(num(job, "spec.backoffLimit")).as("a load test is never retried").isZero();
        Map<String, Object> pod = map(get(job, "spec.template.spec"));
        assertThat(pod.keySet()).isSubsetOf(POD_SPEC);
        assertThat(pod.get("restartPolicy")).isEqualTo("Never");
        assertThat(num(pod, "terminationGracePeriodSeconds")).as("time to write results after SIGTERM")
                .isGreaterThanOrEqualTo(30);
        assertNonRoot(pod);
        assertThat(list(pod.get("containers"))).hasSize(1);
        Scenario scenario = configMapScenario();
        assertThat(num(job, "spec.activeDeadlineSeconds")).as("room for the whole scenario")
                .isGreaterThan(scenario.totalDuration().toSeconds() + 60);
    }

    @Test
    void theFetchPodReadsTheSameVolumeWithTheSameImageAndUser() {
        Map<String, Object> job = one("Job");
        Map<String, Object> fetch = one("Pod");
        assertThat(map(fetch.get("spec")).keySet()).isSubsetOf(POD_SPEC);
        assertNonRoot(map(fetch.get("spec")));
        Map<String, Object> runContainer = container(job);
        Map<String, Object> fetchContainer = map(list(get(fetch, "spec.containers")).get(0));
        assertThat(fetchContainer.get("image")).isEqualTo(runContainer.get("image"));
        assertThat(claims(map(fetch.get("spec")))).isEqualTo(claims(map(get(job, "spec.template.spec"))));
        assertThat(map(get(fetch, "metadata.labels")).entrySet()
                .containsAll(map(get(one("Service"), "spec.selector")).entrySet()))
                .as("the results pod is not scraped as a run").isFalse();
    }

    @Test
    void volumesMountsAndClaimsReferToEachOther() {
        for (Map<String, Object> owner : List.of(one("Job"), one("Pod"))) {
            Map<String, Object> pod = owner.get("kind").equals("Job") ? map(get(owner, "spec.template.spec"))
                    : map(owner.get("spec"));
            Set<String> volumes = list(pod.get("volumes")).stream().map(v -> (String) map(v).get("name"))
                    .collect(Collectors.toSet());
            for (Object c : list(pod.get("containers"))) {
                for (Object m : list(map(c).get("volumeMounts"))) {
                    assertThat(volumes).as("volume of a mount").contains((String) map(m).get("name"));
                }
            }
            for (Object v : list(pod.get("volumes"))) {
                Map<String, Object> volume = map(v);
                if (volume.containsKey("configMap")) {
                    assertThat(named("ConfigMap")).contains(str(volume, "configMap.name"));
                }
                if (volume.containsKey("persistentVolumeClaim")) {
                    assertThat(named("PersistentVolumeClaim")).contains(str(volume, "persistentVolumeClaim.claimName"));
                }
            }
        }
    }

    @Test
    void theContainerIsHardenedAndSizedFromTheMeasuredFigures() {
        Map<String, Object> c = container(one("Job"));
        assertThat(c.keySet()).isSubsetOf(CONTAINER);
        assertThat(map(c.get("securityContext")).keySet()).isSubsetOf(CONTAINER_SECURITY);
        assertThat(get(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(get(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(list(get(c, "securityContext.capabilities.drop"))).contains("ALL");
        assertThat(mountPaths(c)).as("a writable /tmp beside the read-only root").containsKey("/tmp");
        assertThat(map(get(c, "resources.requests"))).as("Guaranteed QoS: requests = limits")
                .isEqualTo(map(get(c, "resources.limits")));
        assertThat(str(c, "resources.limits.cpu")).isEqualTo("2");
        Scenario s = configMapScenario();
        long devices = s.groups().stream().mapToInt(Scenario.Group::count).sum();
        long needed = JVM_BYTES + devices * BYTES_PER_DEVICE * (s.target().embedded() ? 2 : 1);
        assertThat(quantity(str(c, "resources.limits.memory"))).as("memory for " + devices + " devices")
                .isGreaterThanOrEqualTo(needed);
    }

    @Test
    void argsAndEnvironmentAreOptionsOfTheRunCommand() {
        Map<String, Object> c = container(one("Job"));
        List<Object> args = list(c.get("args"));
        assertThat(args.get(0)).isEqualTo("run");
        assertThat(Path.of((String) args.get(1)).getParent().toString()).as("the scenario from the ConfigMap mount")
                .isEqualTo(mountOf(c, "scenario"));
        Set<String> variables = Main.commandLine().getSubcommands().get("run").getCommandSpec().options().stream()
                .map(o -> EnvironmentDefaults.variableFor(o.longestName())).collect(Collectors.toSet());
        Set<String> defined = new HashSet<>();
        for (Object e : list(c.get("env"))) {
            Map<String, Object> env = map(e);
            String name = (String) env.get("name");
            assertThat(variables).as("an option of fleetstorm run").contains(name);
            Matcher ref = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.valueOf(env.get("value")));
            while (ref.find()) {
                assertThat(defined).as("$(" + ref.group(1) + ") is defined before " + name).contains(ref.group(1));
            }
            defined.add(name);
        }
        assertThat(envValue(c, "FLEETSTORM_OUTPUT")).as("results on the results volume")
                .startsWith(mountOf(c, "results") + "/");
    }

    @Test
    void prometheusFindsTheMetricsPortByAnnotationAndByServiceMonitor() {
        Map<String, Object> job = one("Job");
        Map<String, Object> c = container(job);
        Map<String, Object> port = map(list(c.get("ports")).get(0));
        assertThat(port.get("name")).isEqualTo("metrics");
        String metricsPort = String.valueOf(port.get("containerPort"));
        assertThat(envValue(c, "FLEETSTORM_METRICS_PORT")).isEqualTo(metricsPort);
        Map<String, Object> annotations = map(get(job, "spec.template.metadata.annotations"));
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", metricsPort).containsEntry("prometheus.io/path", "/metrics");

        Map<String, Object> service = one("Service");
        Map<String, Object> podLabels = map(get(job, "spec.template.metadata.labels"));
        assertThat(podLabels).as("the Service selects the run's pod")
                .containsAllEntriesOf(map(get(service, "spec.selector")));
        Map<String, Object> servicePort = map(list(get(service, "spec.ports")).get(0));
        assertThat(servicePort.get("targetPort")).isEqualTo("metrics");
        Map<String, Object> monitor = one("ServiceMonitor");
        assertThat(map(get(service, "metadata.labels"))).as("the ServiceMonitor selects the Service")
                .containsAllEntriesOf(map(get(monitor, "spec.selector.matchLabels")));
        assertThat(list(get(monitor, "spec.endpoints"))).allSatisfy(e ->
                assertThat(map(e).get("port")).isEqualTo(servicePort.get("name")));
    }

    @Test
    void theConfigMapScenarioPassesValidate() throws Exception {
        Path file = writeScenario();
        ScenarioLoader.load(file, Map.of());
        CliRunner result = CliRunner.run("validate", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(": ok (2,000 devices");
    }

    @Test
    void theKustomizationListsFilesThatExist() {
        for (Object resource : list(one("Kustomization").get("resources"))) {
            assertThat(DIR.resolve((String) resource)).exists();
        }
        assertThat(list(one("Kustomization").get("images"))).extracting(i -> map(i).get("name"))
                .contains(String.valueOf(container(one("Job")).get("image")).split(":")[0]);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static void assertNonRoot(Map<String, Object> pod) {
        assertThat(map(pod.get("securityContext")).keySet()).isSubsetOf(POD_SECURITY);
        assertThat(get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(num(pod, "securityContext.runAsUser")).as("the image's user").isEqualTo(10001);
        assertThat(num(pod, "securityContext.runAsGroup")).isEqualTo(10001);
        assertThat(num(pod, "securityContext.fsGroup")).as("volumes writable by the image's user").isEqualTo(10001);
    }

    private static Scenario configMapScenario() {
        try {
            return ScenarioLoader.load(writeScenario(), Map.of());
        } catch (Exception e) {
            throw new AssertionError("the ConfigMap's scenario does not load: " + e.getMessage(), e);
        }
    }

    private static Path writeScenario() throws IOException {
        Map<String, Object> data = map(one("ConfigMap").get("data"));
        Map<String, Object> c = container(one("Job"));
        String key = Path.of((String) list(c.get("args")).get(1)).getFileName().toString();
        assertThat(data).as("the ConfigMap has the file the Job runs").containsKey(key);
        Path file = tmp.resolve(key);
        Files.writeString(file, (String) data.get(key));
        return file;
    }

    private static Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = DOCS.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }

    private static Set<String> named(String kind) {
        return DOCS.stream().filter(d -> kind.equals(d.get("kind"))).map(d -> str(d, "metadata.name"))
                .collect(Collectors.toSet());
    }

    private static Map<String, Object> container(Map<String, Object> job) {
        return map(list(get(job, "spec.template.spec.containers")).get(0));
    }

    private static Map<String, String> mountPaths(Map<String, Object> container) {
        return list(container.get("volumeMounts")).stream().map(KubernetesJobTest::map).collect(Collectors.toMap(
                m -> (String) m.get("mountPath"), m -> (String) m.get("name")));
    }

    private static String mountOf(Map<String, Object> container, String volume) {
        return mountPaths(container).entrySet().stream().filter(e -> e.getValue().equals(volume))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no mount of " + volume));
    }

    private static Set<String> claims(Map<String, Object> pod) {
        return list(pod.get("volumes")).stream().map(KubernetesJobTest::map)
                .filter(v -> v.containsKey("persistentVolumeClaim"))
                .map(v -> str(v, "persistentVolumeClaim.claimName")).collect(Collectors.toSet());
    }

    private static String envValue(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(KubernetesJobTest::map).filter(e -> name.equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** A Kubernetes memory quantity in bytes: 1Gi, 512Mi, 1G, 800M. */
    static long quantity(String q) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|K|M|G)?").matcher(q);
        assertThat(m.matches()).as("quantity " + q).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "K" -> n * 1_000;
            case "M" -> n * 1_000_000;
            case "G" -> n * 1_000_000_000;
            default -> n;
        };
    }

    private static Object get(Map<String, Object> root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            assertThat(node).as(path + ": " + key + " under a mapping").isInstanceOf(Map.class);
            node = map(node).get(key);
            assertThat(node).as(path + " is set").isNotNull();
        }
        return node;
    }

    private static String str(Map<String, Object> root, String path) {
        return String.valueOf(get(root, path));
    }

    private static long num(Map<String, Object> root, String path) {
        Object value = get(root, path);
        assertThat(value).as(path + " is a number").isInstanceOf(Number.class);
        return ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
