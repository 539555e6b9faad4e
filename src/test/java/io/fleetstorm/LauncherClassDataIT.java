package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive (deploy/cds/build-archive.sh) as the checkout launcher uses it: built for the jar by
 * the real JVM, classes then come from it; a rebuilt jar or another JVM makes the launcher leave it out, silently.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherClassDataIT {

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path dir, String javaOpts, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = dir.resolve("fleetstorm").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("FLEETSTORM_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** A checkout with the launcher and this build's jar (no sources: the launcher does not rebuild it). */
    private static Path checkout(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("target"));
        Files.copy(Path.of("fleetstorm"), dir.resolve("fleetstorm"));
        Files.copy(Path.of("target/fleetstorm.jar"), dir.resolve("target/fleetstorm.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        return dir;
    }

    @Test
    void theBuiltArchiveIsUsedAndAStaleOneIsLeftOutWithoutAWord(@TempDir Path tmp) throws Exception {
        Path dir = checkout(tmp.resolve("checkout"));
        Process build = new ProcessBuilder("bash", "deploy/cds/build-archive.sh",
                dir.resolve("target/fleetstorm.jar").toString(), dir.resolve("target/fleetstorm.jsa").toString())
                .redirectErrorStream(true).start();
        String buildLog = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(200, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(buildLog).isZero();
        assertThat(buildLog).contains("build-archive: " + dir.resolve("target/fleetstorm.jsa"));

        Result shared = run(dir, "-Xlog:class+load=info", "--version");
        assertThat(shared.code()).as(shared.err()).isZero();
        assertThat(shared.out()).contains("io.fleetstorm.cli.Main source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file").contains("fleetstorm 0.1.0");

        Result plain = run(dir, "", "--version");
        assertThat(plain.out()).startsWith("fleetstorm ").doesNotContain("warning", "cds", "shared");
        assertThat(plain.err()).isEmpty();

        // a rebuilt jar (here: a new modification time) no longer matches the stamp
        Files.setLastModifiedTime(dir.resolve("target/fleetstorm.jar"),
                FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Result stale = run(dir, "-Xlog:class+load=info", "--version");
        assertThat(stale.code()).isZero();
        assertThat(stale.out()).contains("io.fleetstorm.cli.Main source: file:")
                .doesNotContain("fleetstorm.jsa");
        Result stalePlain = run(dir, "", "--version");
        assertThat(stalePlain.out()).startsWith("fleetstorm ").doesNotContain("warning");
        assertThat(stalePlain.err()).isEmpty();
    }

    /** With a stand-in java printing its arguments: the option is there exactly while the stamp matches. */
    @Test
    void theLauncherPassesTheArchiveOnlyWhileItsStampMatches(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("checkout");
        Files.createDirectories(dir.resolve("target"));
        Files.createDirectories(dir.resolve("jdk/bin"));
        Files.createDirectories(dir.resolve("jdk/lib/server"));
        Files.copy(Path.of("fleetstorm"), dir.resolve("fleetstorm"));
        Files.writeString(dir.resolve("target/fleetstorm.jar"), "not a jar");
        Files.writeString(dir.resolve("target/fleetstorm.jsa"), "not an archive");
        Path libjvm = Files.writeString(dir.resolve("jdk/lib/server/libjvm.so"), "a jvm");
        Path java = Files.writeString(dir.resolve("jdk/bin/java"), "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("fleetstorm"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = dir.resolve("target/fleetstorm.jar").toRealPath();
        Files.writeString(dir.resolve("target/fleetstorm.jsa.stamp"), stamp(jar) + stamp(libjvm.toRealPath()));

        String option = "-XX:SharedArchiveFile=" + dir.toRealPath().resolve("target/fleetstorm.jsa");
        assertThat(launch(dir)).contains(option);
        Files.writeString(libjvm, "another jvm");
        assertThat(launch(dir)).doesNotContain("SharedArchiveFile");
        Files.writeString(dir.resolve("target/fleetstorm.jsa.stamp"), stamp(jar) + stamp(libjvm.toRealPath()));
        assertThat(launch(dir)).contains(option);
        Files.delete(dir.resolve("target/fleetstorm.jsa.stamp"));
        assertThat(launch(dir)).doesNotContain("SharedArchiveFile");
    }

    private static String stamp(Path file) throws Exception {
        return file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() / 1000 + " ";
    }

    private static String launch(Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(dir.resolve("fleetstorm").toString(), "--version");
        pb.environment().put("PATH", dir.resolve("jdk/bin") + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
