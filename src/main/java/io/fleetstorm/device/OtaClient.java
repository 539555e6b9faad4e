package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.FirmwareCommand;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.ProtocolException;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One device's firmware upgrade as the SDK samples do it: report the version, receive {@code update_firmware},
 * download with {@code Range} (resuming after a break), check the MD5 (up to 3 retries), report progress at the SDK's
 * cadence, burn, then report {@code done} or {@code fail}. Confined to the device's event loop.
 */
final class OtaClient {

    private static final int MAX_MD5_RETRIES = 3;

    private final VirtualDevice device;
    private final DeviceHost host;
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

    OtaClient(VirtualDevice device, DeviceHost host, OtaBehaviour behaviour, long reportIntendedNanos,
            long reportSentNanos) {
        this.device = device;
        this.host = host;
        this.behaviour = behaviour;
        this.reportIntendedNanos = reportIntendedNanos;
        this.reportSentNanos = reportSentNanos;
    }

    /** A message on {@code $ota/update/...}: the version answer, or the upgrade command. */
    void onUpdateTopic(String json) {
        if (!json.contains(OtaMessages.TYPE_UPDATE_FIRMWARE) || command != null) {
            return; // report_version_rsp, or a repeated command while upgrading
        }
        try {
            command = FirmwareCommand.parse(json);
        } catch (ProtocolException e) {
            host.recorder().error(group(), "ota", "malformed_command");
            return;
        }
        long now = host.nanoTime();
        host.recorder().recordLatency(group(), Operation.OTA_COMMAND, reportIntendedNanos, reportSentNanos, now);
        host.recorder().count(group(), Counter.OTA_COMMANDED, "ota", 1, 1);
        downloadStartNanos = now;
        report(OtaMessages.downloading(0, command.version()), 0);
        startDownload();
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
                .setTimeout(10_000);
        if (offset > 0) {
            request.putHeader("Range", "bytes=" + offset + "-");
        }
        host.http().request(request).compose(req -> req.send()).onSuccess(this::onResponse)
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
            host.recorder().count(group(), Counter.BYTES_RECEIVED, "ota", 0, bytes.length);
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
        long aheadMs = (dueNanos - host.nanoTime()) / 1_000_000;
        if (aheadMs > 0) {
            response.pause();
            host.setTimer(aheadMs, () -> response.resume());
        }
    }

    private void progress() {
        long now = host.nanoTime();
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
            host.recorder().error(group(), "md5", "mismatch");
            if (++md5Failures > MAX_MD5_RETRIES) {
                fail(OtaMessages.RESULT_MD5_MISMATCH, "md5 mismatch");
            } else {
                startDownload();
            }
            return;
        }
        long now = host.nanoTime();
        host.recorder().recordLatency(group(), Operation.OTA_DOWNLOAD, downloadStartNanos, downloadStartNanos, now);
        report(OtaMessages.downloading(100, command.version()), 0);
        report(OtaMessages.burning(command.version()), 0);
        host.setTimer(Math.max(1, behaviour.burnMillis()), this::burnt);
    }

    private void burnt() {
        if (finished) {
            return;
        }
        if (DeviceSelection.unitHash(device.id().deviceName() + "/" + command.version()) < behaviour.failRatio()) {
            fail(OtaMessages.RESULT_UPGRADE_FAILED, "upgrade failed");
            return;
        }
        finished = true;
        report(OtaMessages.done(command.version()), 1);
        host.recorder().recordLatency(group(), Operation.OTA_DONE, reportIntendedNanos, reportSentNanos,
                host.nanoTime());
        host.recorder().count(group(), Counter.OTA_SUCCEEDED, "ota", 1, 1);
    }

    private void fail(int code, String message) {
        if (finished) {
            return;
        }
        finished = true;
        host.recorder().error(group(), "ota", "fail_" + code);
        host.recorder().count(group(), Counter.OTA_FAILED, "ota", 1, 1);
        report(OtaMessages.fail(percent(), code, message, command.version()), 1);
    }

    private void report(String json, int qos) {
        device.publishInternal(io.fleetstorm.protocol.Topics.otaReport(device.id()), json, qos, "ota");
    }

    private int group() {
        return device.profile().groupIndex();
    }
}
