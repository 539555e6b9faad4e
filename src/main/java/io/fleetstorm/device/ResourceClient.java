package io.fleetstorm.device;

import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.ResourceMessage;
import io.fleetstorm.protocol.ResourceMessages;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * A device's resources (addendum sections 14 and 16), one transfer at a time as the SDK samples run them. Upload:
 * {@code create_upload_task} (QoS 1), the answer's URL, an HTTP PUT with {@code Content-MD5}, the final report, and
 * its answer ({@code resource-upload}). Download: a task the application gave (pushed as {@code download}), an HTTP
 * GET with the C SDK's {@code Range: bytes=0-size} (the Java SDK's open {@code bytes=0-}), the MD5 checked, the final
 * report and its answer ({@code resource-download}, timed from the instant the application's task was due). Progress
 * is reported about once a second while a transfer lasts, as the C SDK does; those answers are skipped. Confined to
 * the device's event loop.
 */
final class ResourceClient implements DeviceFeature {

    private static final String BEHAVIOUR = "resource";
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
    /** Upload names cycle through this many, so a device stays within the hub's 1,000 files. */
    static final int UPLOAD_NAMES = 100;

    private enum Step { AWAIT_URL, TRANSFER, AWAIT_RESULT }

    /** The transfer in progress. */
    private static final class Transfer {
        final boolean upload;
        final String name;
        final long size;
        final String md5;
        final long intendedNanos;
        long transferStartNanos;
        long deadlineNanos;
        long lastProgressNanos;
        Step step;

        Transfer(boolean upload, String name, long size, String md5, long intendedNanos) {
            this.upload = upload;
            this.name = name;
            this.size = size;
            this.md5 = md5;
            this.intendedNanos = intendedNanos;
        }

        Operation operation() {
            return upload ? Operation.RESOURCE_UPLOAD : Operation.RESOURCE_DOWNLOAD;
        }
    }

    /** A download task that arrived while another transfer ran. */
    private record Task(String name, long size, String md5, String url, long intendedNanos) {
    }

    private final DeviceLink link;
    /** The application's download tasks on their way, oldest first. */
    private final ArrayDeque<Pending> expected = new ArrayDeque<>(2);
    private final ArrayDeque<Task> waiting = new ArrayDeque<>(2);
    private Transfer transfer;
    private int uploads;
    /** Progress reports whose answers are still to come (and to be skipped). */
    private int progressAnswersDue;

    ResourceClient(DeviceLink link) {
        this.link = link;
    }

    boolean upload(long size, long intendedNanos) {
        if (transfer != null) {
            return false;
        }
        ResourceFiles.File file = ResourceFiles.of(size);
        String name = "fleetstorm-" + (uploads++ % UPLOAD_NAMES);
        if (!link.publish(Topics.resourceUp(link.id()), bytes(ResourceMessages.createUploadTask(size, name,
                file.md5Hex())), 1, BEHAVIOUR, intendedNanos)) {
            return false;
        }
        transfer = new Transfer(true, name, size, file.md5Hex(), intendedNanos);
        await(Step.AWAIT_URL);
        return true;
    }

    void expectDownload(long intendedNanos, long sentNanos) {
        expected.addLast(new Pending(Operation.RESOURCE_DOWNLOAD, BEHAVIOUR, intendedNanos, sentNanos,
                sentNanos + link.profile().timeouts().shadowMs() * 1_000_000L));
    }

    void cancelExpectedDownload() {
        expected.pollLast();
    }

    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        if (!topic.equals(Topics.resourceDown(link.id()))) {
            return false;
        }
        ResourceMessage m;
        try {
            m = ResourceMessage.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            link.error(BEHAVIOUR, "malformed_message");
            return true;
        }
        switch (m.type()) {
            case ResourceMessages.TYPE_CREATE_UPLOAD_RSP -> uploadUrl(m, nowNanos);
            case ResourceMessages.TYPE_DOWNLOAD, ResourceMessages.TYPE_GET_DOWNLOAD_RSP -> downloadTask(m, nowNanos);
            case ResourceMessages.TYPE_UPLOAD_PROGRESS_RSP, ResourceMessages.TYPE_DOWNLOAD_PROGRESS_RSP ->
                    resultAnswer(m, nowNanos);
            default -> {
                // nothing else comes down
            }
        }
        return true;
    }

    private void uploadUrl(ResourceMessage m, long nowNanos) {
        Transfer t = transfer;
        if (t == null || !t.upload || t.step != Step.AWAIT_URL) {
            return;
        }
        if (m.url() == null || (m.resultCode() != null && m.resultCode() != ResourceMessages.RESULT_OK)) {
            transfer = null;
            link.error(BEHAVIOUR, "upload_task_" + (m.resultCode() == null ? "no_url" : m.resultCode()));
            next();
            return;
        }
        t.step = Step.TRANSFER;
        t.transferStartNanos = nowNanos;
        t.lastProgressNanos = nowNanos;
        ResourceFiles.File file = ResourceFiles.of(t.size);
        RequestOptions put = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(m.url())
                .setTimeout(link.profile().timeouts().otaMs())
                .putHeader("Content-MD5", file.md5Base64())
                .putHeader("Content-Type", "application/x-www-form-urlencoded");
        link.http().request(put).compose(req -> req.send(Buffer.buffer(file.bytes())))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(ar -> {
                    if (transfer == t) {
                        int status = ar.succeeded() ? ar.result() : -1;
                        finish(t, status == 200 ? ResourceMessages.RESULT_OK : httpFailure(status),
                                ar.succeeded() ? "http_" + status : "http_failed");
                    }
                    link.flushNow();
                });
    }

    private void downloadTask(ResourceMessage m, long nowNanos) {
        if (m.url() == null || m.name() == null || m.size() == null || m.md5() == null) {
            if (m.resultCode() == null || m.resultCode() != ResourceMessages.RESULT_FILE_NOT_EXIST) {
                link.error(BEHAVIOUR, "malformed_task");
            }
            return;
        }
        Pending due = expected.pollFirst();
        waiting.addLast(new Task(m.name(), m.size(), m.md5(), m.url(), due == null ? nowNanos : due.intendedNanos));
        if (transfer == null) {
            next();
        }
    }

    /** Starts the next waiting download, if any. */
    private void next() {
        Task task = transfer == null ? waiting.pollFirst() : null;
        if (task == null) {
            return;
        }
        Transfer t = new Transfer(false, task.name(), task.size(), task.md5(), task.intendedNanos());
        transfer = t;
        t.step = Step.TRANSFER;
        t.transferStartNanos = link.nanoTime();
        t.lastProgressNanos = t.transferStartNanos;
        // C: "bytes=0-<file_size>" (one past the end); Java: an open range
        String range = link.profile().dialect() == DeviceProfile.Dialect.C_SDK ? "bytes=0-" + task.size()
                : "bytes=0-";
        RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(task.url())
                .setTimeout(link.profile().timeouts().otaMs()).putHeader("Range", range);
        MessageDigest md5 = ResourceFiles.md5();
        long[] received = new long[1];
        link.http().request(get).compose(req -> req.send()).onComplete(ar -> {
            if (ar.failed()) {
                finish(t, ResourceMessages.RESULT_TIMEOUT, "http_failed");
                link.flushNow();
                return;
            }
            HttpClientResponse response = ar.result();
            if (response.statusCode() != 200 && response.statusCode() != 206) {
                finish(t, httpFailure(response.statusCode()), "http_" + response.statusCode());
                link.flushNow();
                return;
            }
            response.handler(chunk -> {
                byte[] b = chunk.getBytes();
                md5.update(b);
                received[0] += b.length;
                link.count(Counter.BYTES_RECEIVED, BEHAVIOUR, 0, b.length);
                progress(t, received[0]);
            });
            response.exceptionHandler(e -> {
                finish(t, ResourceMessages.RESULT_TIMEOUT, "download_broken");
                link.flushNow();
            });
            response.endHandler(v -> {
                boolean ok = received[0] == t.size && HexFormat.of().formatHex(md5.digest()).equalsIgnoreCase(t.md5);
                finish(t, ok ? ResourceMessages.RESULT_OK : ResourceMessages.RESULT_MD5_MISMATCH, "md5_mismatch");
                link.flushNow();
            });
        });
    }

    private void progress(Transfer t, long done) {
        long now = link.nanoTime();
        if (transfer == t && now - t.lastProgressNanos >= PROGRESS_EVERY_NANOS && done < t.size) {
            t.lastProgressNanos = now;
            int percent = (int) (done * 100 / Math.max(1, t.size));
            if (link.publish(Topics.resourceUp(link.id()), bytes(ResourceMessages.progress(t.upload, t.name,
                    percent)), 0, BEHAVIOUR, now)) {
                progressAnswersDue++;
            }
        }
    }

    /** The transfer ended: report done (or fail with {@code code}) at QoS 1 and wait for the answer. */
    private void finish(Transfer t, int code, String failure) {
        if (transfer != t || t.step != Step.TRANSFER) {
            return;
        }
        boolean sent = link.publish(Topics.resourceUp(link.id()), bytes(ResourceMessages.result(t.upload, t.name,
                code)), 1, BEHAVIOUR, link.nanoTime());
        if (code != ResourceMessages.RESULT_OK || !sent) {
            transfer = null;
            link.error(BEHAVIOUR, (t.upload ? "upload_" : "download_") + (sent ? failure : "not_connected"));
            next();
            return;
        }
        await(Step.AWAIT_RESULT);
    }

    private void resultAnswer(ResourceMessage m, long nowNanos) {
        if (progressAnswersDue > 0) {
            progressAnswersDue--;
            return;
        }
        Transfer t = transfer;
        if (t == null || t.step != Step.AWAIT_RESULT) {
            return; // the answer to a fail report, or a late one
        }
        transfer = null;
        int code = m.resultCode() == null ? ResourceMessages.RESULT_OK : m.resultCode();
        if (code == ResourceMessages.RESULT_OK) {
            link.latency(t.operation(), t.intendedNanos, t.transferStartNanos, nowNanos);
        } else {
            link.error(BEHAVIOUR, (t.upload ? "upload_result_" : "download_result_") + code);
        }
        next();
    }

    private void await(Step step) {
        transfer.step = step;
        transfer.deadlineNanos = link.nanoTime() + link.profile().timeouts().shadowMs() * 1_000_000L;
    }

    /** The result code a device reports for an HTTP status (403: signature invalid, 404: no such file). */
    private static int httpFailure(int status) {
        return status == 403 ? ResourceMessages.RESULT_SIGN_INVALID
                : status == 404 ? ResourceMessages.RESULT_FILE_NOT_EXIST
                : status == 400 ? ResourceMessages.RESULT_MD5_MISMATCH : ResourceMessages.RESULT_TIMEOUT;
    }

    @Override
    public void sweep(long nowNanos) {
        while (!expected.isEmpty() && nowNanos > expected.peekFirst().deadlineNanos) {
            expected.pollFirst();
            link.timedOut(Operation.RESOURCE_DOWNLOAD.label());
        }
        Transfer t = transfer;
        if (t != null && t.step != Step.TRANSFER && nowNanos > t.deadlineNanos) {
            transfer = null;
            link.timedOut(t.operation().label());
            next();
        }
    }

    @Override
    public void failAll(boolean abandoned) {
        if (transfer != null) {
            link.unanswered(transfer.operation().label(), abandoned);
            transfer = null;
        }
        progressAnswersDue = 0;
        while (!expected.isEmpty()) {
            expected.pollFirst();
            link.unanswered(Operation.RESOURCE_DOWNLOAD.label(), abandoned);
        }
        for (int i = waiting.size(); i > 0; i--) {
            link.unanswered(Operation.RESOURCE_DOWNLOAD.label(), abandoned);
        }
        waiting.clear();
    }

    @Override
    public int inFlight() {
        return (transfer == null ? 0 : 1) + expected.size() + waiting.size();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
