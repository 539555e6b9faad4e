package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both launchers with a stand-in {@code java} on the PATH: a JVM crash (134 after CrashOnOutOfMemoryError, 137 after
 * the kernel's OOM killer) becomes exit code 5, every other code passes through, and SIGTERM reaches the JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherExitCodeIT {

    private static Path install(Path dir, String launcher, String fakeJava) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/fleetstorm.jar"), "not a jar");
        Path script = dir.resolve("fleetstorm");
        Files.copy(Path.of(launcher), script);
        // the container entrypoint runs /opt/fleetstorm/fleetstorm.jar; the stand-in java never opens it
        Path java = dir.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n" + fakeJava + "\n");
        for (Path p : new Path[] {script, java}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return script;
    }

    private static Process start(Path dir, Path script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "run", "x.yaml");
        pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        return pb.start();
    }

    @Test
    void aCrashIsFiveAndOtherCodesPassThrough(@TempDir Path tmp) throws Exception {
        for (String launcher : new String[] {"fleetstorm", "deploy/container/fleetstorm"}) {
            for (int[] c : new int[][] {{134, 5}, {137, 5}, {3, 3}, {0, 0}, {2, 2}, {4, 4}}) {
                Path dir = tmp.resolve(launcher.replace('/', '_') + c[0]);
                Process p = start(dir, install(dir, launcher, "exit " + c[0]));
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(launcher + " with a JVM exiting " + c[0]).isEqualTo(c[1]);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(err.contains("the JVM crashed")).isEqualTo(c[1] == 5);
            }
        }
    }

    /** The real JVM with the launcher's options, running out of heap: a crash report and exit code 5. */
    @Test
    void aRealOutOfMemoryErrorEndsWithFive(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/Oom.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Oom { public static void main(String[] a) { java.util.List<byte[]> l = "
                + "new java.util.ArrayList<>(); while (true) { l.add(new byte[1 << 20]); } } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.toString())).isZero();
        Files.createDirectories(dir.resolve("target"));
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Oom");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(
                dir.resolve("target/fleetstorm.jar")), manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("Oom.class"));
            jar.write(Files.readAllBytes(classes.resolve("Oom.class")));
            jar.closeEntry();
        }
        Path script = dir.resolve("fleetstorm");
        Files.copy(Path.of("fleetstorm"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(script.toString());
        pb.environment().put("FLEETSTORM_JAVA_OPTS", "-Xmx16m");
        Process p = pb.start();
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(5);
        assertThat(err).contains("the JVM crashed (exit 134");
        java.util.regex.Matcher report = java.util.regex.Pattern.compile("(/tmp/fleetstorm-crash-\\d+\\.log)")
                .matcher(err);
        if (report.find()) {
            Files.deleteIfExists(Path.of(report.group(1)));
        }
    }

    @Test
    void sigtermReachesTheJvmAndItsCodeIsTheLaunchers(@TempDir Path tmp) throws Exception {
        for (String launcher : new String[] {"fleetstorm", "deploy/container/fleetstorm"}) {
            Path dir = tmp.resolve(launcher.replace('/', '_'));
            Path marker = dir.resolve("started");
            Process p = start(dir, install(dir, launcher, "trap 'exit 4' TERM\ntouch " + marker
                    + "\nwhile :; do sleep 0.05; done"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(marker) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker).exists();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(launcher).isEqualTo(4);
        }
    }
}
