package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubDelivery;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.ResourceMessage;
import io.fleetstorm.protocol.ResourceMessages;
import io.fleetstorm.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources (addendum section 14) on {@code $resource/up|down/service/PID/DN}: upload tasks answered with a URL the
 * hub serves for the PUT, progress answered report by report, the final report answered with what the hub really
 * received; download tasks pushed to devices or handed out on {@code get_download_task}.
 */
final class ResourceService implements UplinkService {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceService.class);
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    static final String UPLOAD_PATH = "/resource/upload/";
    static final String DOWNLOAD_PATH = "/resource/download/";

    /** What the hub holds of one upload task. */
    enum Received {
        NOTHING, FILE, MD5_MISMATCH
    }

    /** A device's download task and how far it got. */
    static final class DownloadTask {
        final long taskId;
        final String name;
        final long size;
        final String md5;
        volatile String state = "pending";
        volatile int resultCode;

        DownloadTask(long taskId, String name, long size, String md5) {
            this.taskId = taskId;
            this.name = name;
            this.size = size;
            this.md5 = md5;
        }
    }

    final ResourceStore store;
    private final Downlink downlink;
    private final FeatureCounters counters;
    private final LongSupplier millisClock;
    private final Supplier<String> baseUrl;
    private final ConcurrentHashMap<String, Received> uploads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DeviceId, Deque<DownloadTask>> downloads = new ConcurrentHashMap<>();
    private final AtomicLong nextTaskId = new AtomicLong(1);

    ResourceService(ResourceStore store, Downlink downlink, FeatureCounters counters, LongSupplier millisClock,
            Supplier<String> baseUrl) {
        this.store = store;
        this.downlink = downlink;
        this.counters = counters;
        this.millisClock = millisClock;
        this.baseUrl = baseUrl;
    }

    @Override
    public boolean handles(String topic) {
        return Topics.isResourceUp(topic);
    }

    @Override
    public void handle(DeviceId from, String topic, byte[] payload, int qos) {
        ResourceMessage m;
        try {
            m = ResourceMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            LOG.debug("resource message of {} ignored: {}", from.clientId(), e.getMessage());
            return;
        }
        FeatureCounters.increment(counters.resourceRequests, m.type());
        switch (m.type()) {
            case ResourceMessages.TYPE_CREATE_UPLOAD -> createUpload(from, m);
            case ResourceMessages.TYPE_UPLOAD_PROGRESS -> uploadProgress(from, m);
            case ResourceMessages.TYPE_GET_DOWNLOAD -> getDownload(from);
            case ResourceMessages.TYPE_DOWNLOAD_PROGRESS -> downloadProgress(from, m);
            default -> {
                // nothing else travels up
            }
        }
    }

    private void createUpload(DeviceId from, ResourceMessage m) {
        String problem = checkUpload(from, m);
        if (problem != null) {
            send(from, ResourceMessages.rsp(ResourceMessages.TYPE_CREATE_UPLOAD_RSP, ResourceMessages.RESULT_TIMEOUT,
                    problem));
            return;
        }
        String md5 = m.md5().toLowerCase(java.util.Locale.ROOT);
        ResourceStore.Transfer t = uploads.size() >= ResourceStore.MAX_OPEN_TRANSFERS ? null
                : store.open(true, owner(from), m.name(), m.size(), md5, millisClock.getAsLong());
        if (t == null) {
            send(from, ResourceMessages.rsp(ResourceMessages.TYPE_CREATE_UPLOAD_RSP, ResourceMessages.RESULT_TIMEOUT,
                    "too many upload tasks are open"));
            return;
        }
        uploads.put(ResourceStore.key(owner(from), m.name()), Received.NOTHING);
        send(from, ResourceMessages.createUploadTaskRsp(m.size(), m.name(), md5, baseUrl.get() + UPLOAD_PATH
                + t.token()));
    }

    /** The rule a create_upload_task breaks, or null. */
    private String checkUpload(DeviceId from, ResourceMessage m) {
        if (!validName(m.name())) {
            return "name must be 1.." + ResourceMessages.MAX_NAME_CHARS + " characters";
        }
        if (m.size() == null || m.size() < 0) {
            return "size must be a number of bytes >= 0";
        }
        if (m.md5() == null || !MD5.matcher(m.md5()).matches()) {
            return "md5sum must be 32 hex digits";
        }
        if (m.size() > store.remainingBytes()) {
            return "the file store has " + store.remainingBytes() + " bytes left";
        }
        if (!store.hasRoomFor(owner(from), m.name())) {
            return "a device may keep at most " + ResourceStore.MAX_FILES_PER_DEVICE + " files";
        }
        return null;
    }

    /** Each progress report is answered; the final one with the outcome of the PUT as the hub saw it. */
    private void uploadProgress(DeviceId from, ResourceMessage m) {
        int code = ResourceMessages.RESULT_OK;
        boolean last = ResourceMessages.STATE_DONE.equals(m.state()) || ResourceMessages.STATE_FAIL.equals(m.state());
        if (last && m.name() != null) {
            // the task ends with its final report: its entry goes, so abandoned names cannot pile up
            Received received = uploads.remove(ResourceStore.key(owner(from), m.name()));
            if (ResourceMessages.STATE_FAIL.equals(m.state())) {
                received = Received.FILE; // a failure is acknowledged, whatever arrived
            }
            code = received == Received.FILE ? ResourceMessages.RESULT_OK
                    : received == Received.MD5_MISMATCH ? ResourceMessages.RESULT_MD5_MISMATCH
                    : ResourceMessages.RESULT_FILE_NOT_EXIST;
        }
        send(from, ResourceMessages.rsp(ResourceMessages.TYPE_UPLOAD_PROGRESS_RSP, code,
                code == ResourceMessages.RESULT_OK ? "ok" : ResourceMessages.resultMessage(code)));
    }

    /** What the PUT brought; called by the HTTP side. */
    void uploaded(String owner, String name, Received received) {
        uploads.replace(ResourceStore.key(owner, name), received); // a task that already ended stays ended
    }

    private void getDownload(DeviceId from) {
        DownloadTask task = pending(from);
        if (task == null) {
            send(from, ResourceMessages.rsp(ResourceMessages.TYPE_GET_DOWNLOAD_RSP,
                    ResourceMessages.RESULT_FILE_NOT_EXIST, ResourceMessages.resultMessage(
                            ResourceMessages.RESULT_FILE_NOT_EXIST)));
            return;
        }
        task.state = "notified";
        send(from, ResourceMessages.getDownloadTaskRsp(task.size, task.name, task.md5, downloadUrl(from, task)));
    }

    private void downloadProgress(DeviceId from, ResourceMessage m) {
        DownloadTask task = m.name() == null ? null : find(from, m.name());
        if (task != null && m.state() != null) {
            task.state = m.state();
            task.resultCode = m.resultCode() == null ? 0 : m.resultCode();
            if (ResourceMessages.STATE_DONE.equals(m.state()) || ResourceMessages.STATE_FAIL.equals(m.state())) {
                FeatureCounters.increment(counters.resourceTransfers, "download_" + m.state());
            }
        }
        send(from, ResourceMessages.rsp(ResourceMessages.TYPE_DOWNLOAD_PROGRESS_RSP, ResourceMessages.RESULT_OK,
                "ok"));
    }

    /** Gives the devices a download task of a product file; pushes it to those online and subscribed. */
    long createDownloadTask(List<DeviceId> devices, String name, ResourceStore.StoredFile file, int[] pushed) {
        long taskId = nextTaskId.getAndIncrement();
        for (DeviceId id : devices) {
            DownloadTask task = new DownloadTask(taskId, name, file.size(), file.md5());
            Deque<DownloadTask> queue = downloads.computeIfAbsent(id, k -> new ArrayDeque<>());
            synchronized (queue) {
                queue.addLast(task);
            }
            HubDelivery d = send(id, ResourceMessages.download(task.size, name, task.md5, downloadUrl(id, task)));
            if (d == HubDelivery.DELIVERED) {
                task.state = "notified";
                pushed[0]++;
            }
        }
        return taskId;
    }

    /** The state of each device's task of this id. */
    java.util.Map<DeviceId, DownloadTask> task(long taskId) {
        java.util.Map<DeviceId, DownloadTask> result = new java.util.TreeMap<>(
                java.util.Comparator.comparing(DeviceId::clientId));
        downloads.forEach((id, queue) -> {
            synchronized (queue) {
                queue.stream().filter(t -> t.taskId == taskId).findFirst().ifPresent(t -> result.put(id, t));
            }
        });
        return result;
    }

    private DownloadTask pending(DeviceId id) {
        Deque<DownloadTask> queue = downloads.get(id);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.stream().filter(t -> !ResourceMessages.STATE_DONE.equals(t.state)
                    && !ResourceMessages.STATE_FAIL.equals(t.state)).findFirst().orElse(null);
        }
    }

    private DownloadTask find(DeviceId id, String name) {
        Deque<DownloadTask> queue = downloads.get(id);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            DownloadTask found = null;
            for (DownloadTask t : queue) {
                if (t.name.equals(name)) {
                    found = t; // the newest task of that name
                }
            }
            return found;
        }
    }

    /** A fresh URL per hand-out: the token of an earlier one may have expired. */
    private String downloadUrl(DeviceId to, DownloadTask task) {
        ResourceStore.Transfer t = store.open(false, productOwner(to.productId()), task.name, task.size, task.md5,
                millisClock.getAsLong());
        // with every URL slot taken, the device gets a URL that answers 403 (it reports -3) rather than none
        return baseUrl.get() + DOWNLOAD_PATH + (t == null ? "unavailable" : t.token());
    }

    private HubDelivery send(DeviceId to, String json) {
        return downlink.send(Topics.resourceDown(to), json.getBytes(StandardCharsets.UTF_8), 1);
    }

    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.length() <= ResourceMessages.MAX_NAME_CHARS
                && name.indexOf('\n') < 0;
    }

    static String owner(DeviceId device) {
        return device.productId() + '/' + device.deviceName();
    }

    static String productOwner(String productId) {
        return "product:" + productId;
    }
}
