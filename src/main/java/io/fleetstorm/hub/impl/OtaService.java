package io.fleetstorm.hub.impl;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.OtaMessages;
import io.fleetstorm.protocol.OtaReport;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTA: report_version answered with report_version_rsp, then update_firmware when a task targets the device with
 * another version; progress reports tracked per task and device. Commands go out at QoS 1 on
 * {@code $ota/update/PID/DN}.
 */
final class OtaService implements UplinkService {

    private static final Logger LOG = LoggerFactory.getLogger(OtaService.class);

    final FirmwareStore firmware;
    private final FirmwareLinks links;
    private final Downlink downlink;
    private final ServiceCounters counters;
    private final LongSupplier millisClock;
    private final Predicate<DeviceId> online;
    private final ConcurrentHashMap<DeviceId, String> versions = new ConcurrentHashMap<>();
    private final List<OtaTask> tasks = new CopyOnWriteArrayList<>();
    private final AtomicLong nextTaskId = new AtomicLong(1);

    OtaService(Downlink downlink, ServiceCounters counters, LongSupplier millisClock, Predicate<DeviceId> online,
            FirmwareStore firmware, FirmwareLinks links) {
        this.downlink = downlink;
        this.counters = counters;
        this.millisClock = millisClock;
        this.online = online;
        this.firmware = firmware;
        this.links = links;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isOtaReport(topic);
    }

    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        OtaReport report;
        try {
            report = OtaReport.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            LOG.debug("OTA report of {} ignored: {}", from.clientId(), e.getMessage());
            return;
        }
        if (report.isVersionReport()) {
            versionReported(from, report.version());
        } else {
            progressReported(from, report);
        }
    }

    private void versionReported(DeviceId from, String version) {
        counters.otaVersionReports.increment();
        versions.put(from, version);
        send(from, OtaMessages.reportVersionRsp(version));
        long nowS = nowS();
        for (OtaTask task : tasksOf(from.productId())) {
            OtaTask.DeviceStatus status = task.status(from.deviceName());
            if (status != null && !status.finished() && task.firmware.version().equals(version)) {
                // the device rebooted into the new firmware without a final "done": it is done
                task.progress(from.deviceName(), OtaMessages.STATE_DONE, 100, 0, "", nowS);
            }
        }
        pendingTask(from, version).ifPresent(task -> command(task, from, version));
    }

    private void progressReported(DeviceId from, OtaReport report) {
        ServiceCounters.increment(counters.otaProgress, report.state());
        for (OtaTask task : tasksOf(from.productId())) {
            if (task.firmware.version().equals(report.version()) && task.status(from.deviceName()) != null) {
                task.progress(from.deviceName(), report.state(), report.percent(), report.resultCode(),
                        report.resultMsg(), nowS());
                return;
            }
        }
    }

    /** The newest task for the device's product that targets it, is not its version and did not finish for it. */
    private Optional<OtaTask> pendingTask(DeviceId id, String version) {
        for (OtaTask task : tasksOf(id.productId())) {
            OtaTask.DeviceStatus status = task.status(id.deviceName());
            if (task.target.includes(id.deviceName()) && !task.firmware.version().equals(version)
                    && (status == null || !status.finished())
                    && (task.originalVersion.isEmpty() || task.originalVersion.equals(version))) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /**
     * Creates a task: every known target is counted as pending from this moment (offline ones included), and the
     * online ones whose version is known and differs are commanded at once.
     *
     * @param knownTargets the device names the task targets that the hub knows of now
     */
    OtaTask createTask(Firmware fw, OtaTarget target, java.util.Collection<String> knownTargets,
            String originalVersion, long upgradeMethod, long type) {
        OtaTask task = new OtaTask(nextTaskId.getAndIncrement(), fw, target, nowS(), originalVersion, upgradeMethod,
                type);
        long now = nowS();
        for (String name : knownTargets) {
            task.pending(name, versions.getOrDefault(new DeviceId(fw.productId(), name), ""), now);
        }
        tasks.add(task);
        List<DeviceId> candidates = new ArrayList<>();
        versions.forEach((id, v) -> {
            if (id.productId().equals(fw.productId()) && target.includes(id.deviceName()) && online.test(id)
                    && !v.equals(fw.version()) && (task.originalVersion.isEmpty() || task.originalVersion.equals(v))) {
                candidates.add(id);
            }
        });
        candidates.forEach(id -> command(task, id, versions.get(id)));
        return task;
    }

    /** Devices of the product that reported a version. */
    List<String> versionReporters(String productId) {
        List<String> names = new ArrayList<>();
        versions.keySet().forEach(id -> {
            if (id.productId().equals(productId)) {
                names.add(id.deviceName());
            }
        });
        return names;
    }

    /** The product's tasks, newest first. */
    List<OtaTask> tasks(String productId) {
        return tasksOf(productId);
    }

    Optional<OtaTask> task(long taskId) {
        return tasks.stream().filter(t -> t.taskId == taskId).findFirst();
    }

    /** The firmware version the device last reported, or "". */
    String version(DeviceId id) {
        return versions.getOrDefault(id, "");
    }

    private void command(OtaTask task, DeviceId to, String originalVersion) {
        Firmware fw = task.firmware;
        String url = links.downloadUrl(fw.productId(), fw.version());
        task.notified(to.deviceName(), originalVersion, nowS());
        send(to, OtaMessages.updateFirmware(fw.size(), fw.md5(), url, fw.version()));
        counters.otaCommandsSent.increment();
    }

    /** Newest first. */
    private List<OtaTask> tasksOf(String productId) {
        List<OtaTask> result = new ArrayList<>();
        for (OtaTask task : tasks) {
            if (task.firmware.productId().equals(productId)) {
                result.add(0, task);
            }
        }
        return result;
    }

    private void send(DeviceId to, String json) {
        downlink.send(Topics.otaUpdate(to), json.getBytes(StandardCharsets.UTF_8), 1);
    }

    private long nowS() {
        return millisClock.getAsLong() / 1000;
    }
}
