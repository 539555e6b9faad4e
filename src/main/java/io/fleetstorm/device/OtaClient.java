package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.FirmwareCommand;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One device's firmware upgrade as the SDK samples do it: report the version, receive {@code update_firmware},
 * download with {@code Range} (resuming after a break), check the MD5 (up to 3 retries), report progress at the SDK's
 * cadence, burn, then report {@code done} or {@code fail}. One per upgrade wave; confined to the device's event loop.
 * An upgrade in progress is not an operation in flight: the run's drain does not wait for downloads.
 */
final class OtaClient implements DeviceFeature {

    private static final int MAX_MD5_RETRIES = 3;

    private static final String OTA = "ota";

    private final DeviceLink link;
    private final OtaBehaviour behaviour;
    private final long reportIntendedNanos;
    private final long reportSentNanos;
    private FirmwareCommand command;
    private MessageDigest md5;
    private long received;
    private long downloadStartNanos;
    private long lastProgressNanos;
    private int md5Failures;
    private boolean finished;

    OtaClient(DeviceLink link, OtaBehaviour behaviour, long reportIntendedNanos, long reportSentNanos) {
        this.link = link;
        this.behaviour = behaviour;
        this.reportIntendedNanos = reportIntendedNanos;
        this.reportSentNanos = reportSentNanos;
    }

    /** Reports the current version (QoS 1), which makes the hub send the upgrade command if a task targets us. */
    boolean reportVersion() {
        return link.publish(Topics.otaReport(link.id()), OtaMessages.reportVersion(behaviour.currentVersion())
                .getBytes(StandardCharsets.UTF_8), 1, OTA, reportIntendedNanos);
    }

    /** A message on the device's {@code $ota/update/...} topic: the version answer, or the upgrade command. */
    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (!topic.equals(Topics.otaUpdate(link.id()))) {
            return false;
        }
        String json = new String(payload, StandardCharsets.UTF_8);
        if (!json.contains(OtaMessages.TYPE_UPDATE_FIRMWARE) || command != null) {
            return true; // report_version_rsp, or a repeated command while upgrading
        }
        try {
            command = FirmwareCommand.parse(json);
        } catch (ProtocolException e) {
            link.error(OTA, "malformed_command");
            return true;
        }
        link.latency(Operation.OTA_COMMAND, reportIntendedNanos, reportSentNanos, nowNanos);
        link.count(Counter.OTA_COMMANDED, OTA, 1, 1);
        downloadStartNanos = nowNanos;
        report(OtaMessages.downloading(0, command.version()), 0);
        startDownload();
        return true;
    }

    @Override
    public void sweep(long nowNanos) {
        // the download's own HTTP timeout bounds it
    }

    @Override
    public void failAll(boolean abandoned) {
        // an upgrade survives a lost MQTT link: the download goes on over HTTP and reports resume once connected
    }

    @Override
    public int inFlight() {
        return 0;
    }

    private void startDownload() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        received = 0;
        fetchFrom(0);
    }

    private void fetchFrom(long offset) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(command.url())
                .setTimeout(link.profile().timeouts().otaMs());
        if (offset > 0) {
            request.putHeader("Range", "bytes=" + offset + "-");
        }
        link.http().request(request).compose(req -> req.send()).onSuccess(this::onResponse)
                .onFailure(t -> fail(OtaMessages.RESULT_DOWNLOAD_TIMEOUT, "download failed"));
    }

    private void onResponse(HttpClientResponse response) {
        if (response.statusCode() == 404) {
            fail(OtaMessages.RESULT_FILE_NOT_FOUND, "file not found");
            return;
        }
        if (response.statusCode() != 200 && response.statusCode() != 206) {
            fail(OtaMessages.RESULT_DOWNLOAD_TIMEOUT, "http " + response.statusCode());
            return;
        }
        response.handler(chunk -> {
            byte[] bytes = chunk.getBytes();
            md5.update(bytes);
            received += bytes.length;
            link.count(Counter.BYTES_RECEIVED, OTA, 0, bytes.length);
            progress();
            pace(response);
        });
        response.exceptionHandler(t -> fail(OtaMessages.RESULT_DOWNLOAD_TIMEOUT, "download broken"));
        response.endHandler(v -> downloaded());
    }

    /** Holds the response back so the device reads no faster than its configured rate. */
    private void pace(HttpClientResponse response) {
        long rate = behaviour.downloadBytesPerSecond();
        if (rate <= 0) {
            return;
        }
        long dueNanos = downloadStartNanos + received * 1_000_000_000L / rate;
        long aheadMs = (dueNanos - link.nanoTime()) / 1_000_000;
        if (aheadMs > 0) {
            response.pause();
            link.setTimer(aheadMs, () -> response.resume());
        }
    }

    private void progress() {
        long now = link.nanoTime();
        if (now - lastProgressNanos >= behaviour.progressIntervalMs() * 1_000_000L && received < command.fileSize()) {
            lastProgressNanos = now;
            report(OtaMessages.downloading(percent(), command.version()), 0);
        }
    }

    private int percent() {
        return command.fileSize() == 0 ? 100 : (int) Math.min(100, received * 100 / command.fileSize());
    }

    private void downloaded() {
        if (finished) {
            return;
        }
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equals(command.md5()) || received != command.fileSize()) {
            link.error("md5", "mismatch");
            if (++md5Failures > MAX_MD5_RETRIES) {
                fail(OtaMessages.RESULT_MD5_MISMATCH, "md5 mismatch");
            } else {
                startDownload();
            }
            return;
        }
        long now = link.nanoTime();
        link.latency(Operation.OTA_DOWNLOAD, downloadStartNanos, downloadStartNanos, now);
        report(OtaMessages.downloading(100, command.version()), 0);
        report(OtaMessages.burning(command.version()), 0);
        link.setTimer(Math.max(1, behaviour.burnMillis()), this::burnt);
    }

    private void burnt() {
        if (finished) {
            return;
        }
        if (DeviceSelection.unitHash(link.id().deviceName() + "/" + command.version()) < behaviour.failRatio()) {
            fail(OtaMessages.RESULT_UPGRADE_FAILED, "upgrade failed");
            return;
        }
        finished = true;
        report(OtaMessages.done(command.version()), 1);
        link.latency(Operation.OTA_DONE, reportIntendedNanos, reportSentNanos, link.nanoTime());
        link.count(Counter.OTA_SUCCEEDED, OTA, 1, 1);
    }

    private void fail(int code, String message) {
        if (finished) {
            return;
        }
        finished = true;
        link.error(OTA, "fail_" + code);
        link.count(Counter.OTA_FAILED, OTA, 1, 1);
        report(OtaMessages.fail(percent(), code, message, command.version()), 1);
    }

    /** A report the device's own logic sends (progress, result): counted, not measured. */
    private void report(String json, int qos) {
        link.publish(Topics.otaReport(link.id()), json.getBytes(StandardCharsets.UTF_8), qos, OTA, link.nanoTime());
    }
}
