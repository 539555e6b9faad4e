package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.Tc3Signer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5 as a user would try it: {@code fleetstorm hub} in its own JVM with a 256 MB heap gets a 400 MB API
 * body (declared, then streamed chunked) and twenty 64 MB firmware uploads at once, more than its firmware budget;
 * it refuses what does not fit with the rule, keeps the rest on disk, and serves API calls and downloads after.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HubResourceLimitsIT {

    private static final String ID = "AKIDfleetstormLIMITS0000000000000001";
    private static final String KEY = "limitsTestSecretKey0000000000001";
    private static final int IMAGE = 64 * 1024 * 1024;

    @Test
    void hugeBodiesAndTwentyLargeUploadsLeaveA256MbHubServing(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:+CrashOnOutOfMemoryError", "-jar", Path.of("target", "fleetstorm.jar").toString(), "hub",
                "--host", "127.0.0.1", "--mqtt-port", "0", "--tls-port", "-1", "--api-port", "0",
                "--product", "LIMITS0001", "--product-secret", "s", "--api-key", ID + ":" + KEY,
                "--firmware-dir", dir.resolve("firmware").toString(), "--firmware-budget", "640MB"));
        Process hub = new ProcessBuilder(command).redirectError(dir.resolve("hub.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(),
                    StandardCharsets.UTF_8));
            String started = out.readLine();
            Matcher m = Pattern.compile(".* http://127\\.0\\.0\\.1:(\\d+) .*").matcher(started);
            assertThat(m.matches()).as(started).isTrue();
            int port = Integer.parseInt(m.group(1));

            assertThat(declared400Mb(port)).startsWith("HTTP/1.1 413 ");
            assertThat(streamed400Mb(port)).startsWith("HTTP/1.1 413 ");

            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String answer = call(port, "GetCOSURL", "{\"ProductId\":\"LIMITS0001\",\"FirmwareVersion\":\"1.0."
                        + i + "\",\"FileSize\":" + IMAGE + "}");
                Matcher url = Pattern.compile("\"Url\":\"([^\"]+)\"").matcher(answer);
                assertThat(url.find()).as(answer).isTrue();
                urls.add(url.group(1));
            }
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<String>> puts = new ArrayList<>();
            for (String url : urls) {
                puts.add(pool.submit(() -> put(url)));
            }
            int stored = 0;
            int refused = 0;
            for (Future<String> put : puts) {
                String status = put.get(240, TimeUnit.SECONDS);
                if (status.startsWith("HTTP/1.1 200 ")) {
                    stored++;
                } else {
                    assertThat(status).startsWith("HTTP/1.1 507 ").contains("firmware storage of this hub is full");
                    refused++;
                }
            }
            pool.shutdown();
            assertThat(stored).as("640 MB hold ten 64 MB images").isEqualTo(10);
            assertThat(refused).isEqualTo(10);
            assertThat(hub.isAlive()).isTrue();

            // still serving: an API call, a registered image and its download
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(pattern(IMAGE)));
            int uploaded = -1;
            for (int i = 0; i < 20 && uploaded < 0; i++) {
                String answer = call(port, "UploadFirmware", "{\"ProductId\":\"LIMITS0001\",\"FirmwareVersion\":"
                        + "\"1.0." + i + "\",\"Md5sum\":\"" + md5 + "\",\"FileSize\":" + IMAGE + ",\"FirmwareName\":"
                        + "\"big\"}");
                if (!answer.contains("\"Error\"")) {
                    uploaded = i;
                }
            }
            assertThat(uploaded).isNotNegative();
            assertThat(call(port, "DescribeFirmware", "{\"ProductId\":\"LIMITS0001\",\"FirmwareVersion\":\"1.0."
                    + uploaded + "\"}")).contains("\"Md5sum\":\"" + md5 + "\"");
            assertThat(call(port, "DescribeDevice", "{\"ProductId\":\"LIMITS0001\",\"DeviceName\":\"d1\"}"))
                    .contains("\"Online\":0");
            assertThat(hub.isAlive()).isTrue();
        } finally {
            hub.destroy();
            if (!hub.waitFor(15, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
        assertThat(hub.exitValue()).as("stopped by SIGTERM, not crashed").isZero();
    }

    private static String call(int port, String action, String body) throws Exception {
        String host = "127.0.0.1:" + port;
        long ts = System.currentTimeMillis() / 1000;
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host
                        + "/")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", Tc3Signer.JSON_CONTENT_TYPE).header("X-TC-Action", action)
                .header("X-TC-Version", "2021-04-08").header("X-TC-Timestamp", Long.toString(ts))
                .header("Authorization", Tc3Signer.authorization(ID, KEY, "iotcloud", ts,
                        Tc3Signer.Request.post(host, body.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String declared400Mb(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-TC-Action: DescribeDevice\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 419430400\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return statusLine(s.getInputStream());
        }
    }

    /** 400 MB in 64 KB chunks until the hub stops taking them. */
    private static String streamed400Mb(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-TC-Action: DescribeDevice\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "x".repeat(65_536) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 6400; i++) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedByTheHub) {
                // expected: the hub answered 413 and closed
            }
            return statusLine(s.getInputStream());
        }
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 16));
        }
        return b;
    }

    private static final byte[] PATTERN = pattern(IMAGE);

    /** With Expect: 100-continue, as careful clients upload: a refusal comes before the body is sent. */
    private static String put(String url) throws IOException {
        URI u = URI.create(url);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), u.getPort())) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + u.getPort() + "\r\nContent-Length: " + IMAGE + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String first = statusLine(in);
            if (!first.startsWith("HTTP/1.1 100")) {
                return first + "\n" + new String(in.readNBytes(400), StandardCharsets.ISO_8859_1);
            }
            statusLine(in); // the blank line after 100 Continue
            for (int off = 0; off < IMAGE; off += 65_536) {
                out.write(PATTERN, off, 65_536);
            }
            out.flush();
            return statusLine(in);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString().strip();
    }
}
