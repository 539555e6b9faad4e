package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless and offline, for the pages fleetstorm writes: their DOM after scripts ran, a PNG. */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** The page's DOM once its scripts ran ({@code --dump-dom}). */
    public static String dom(Path html, Path work) throws Exception {
        return run("--dump-dom", html, work);
    }

    /** A screenshot of the page. */
    public static void screenshot(Path html, Path png, Path work) throws Exception {
        run("--screenshot=" + png.toAbsolutePath(), html, work);
    }

    /** How often {@code needle} occurs in {@code text}. */
    public static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String run(String action, Path html, Path work) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--password-store=basic",
                "--user-data-dir=" + Files.createTempDirectory(work, "profile"),
                "--window-size=1200,2000", action, html.toUri().toString()));
        Path err = Files.createTempFile(work, "chromium", ".err");
        ProcessBuilder launch = new ProcessBuilder(cmd).redirectError(err.toFile());
        launch.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no autolaunch of a session bus
        Process p = launch.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium " + action + " did not end within 90 s");
        }
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return out;
    }

    private static Path binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "chromium");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("chromium not found on PATH: install the Debian packages 'chromium' and "
                + "'fonts-dejavu-core' (.ci/run does)");
    }
}
