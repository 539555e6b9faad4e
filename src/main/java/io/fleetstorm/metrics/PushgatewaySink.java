package io.fleetstorm.metrics;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the {@link PrometheusSink}'s exposition to a Pushgateway every {@code everyIntervals} intervals and once at
 * the end of the run: {@code POST <url>/metrics/job/fleetstorm/instance/<run-id>}. A failed push is logged, never
 * fatal. Add it after the PrometheusSink so it pushes the interval just recorded.
 */
public final class PushgatewaySink implements IntervalSink {

    private static final Logger LOG = LoggerFactory.getLogger(PushgatewaySink.class);

    private final PrometheusSink source;
    private final URI uri;
    private final int everyIntervals;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PushgatewaySink(PrometheusSink source, String baseUrl, String runId, int everyIntervals) {
        if (everyIntervals < 1) {
            throw new IllegalArgumentException("everyIntervals must be >= 1, but was " + everyIntervals);
        }
        this.source = source;
        this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/metrics/job/fleetstorm/instance/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        this.everyIntervals = everyIntervals;
    }

    public URI uri() {
        return uri;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        if ((s.index() + 1) % everyIntervals == 0) {
            push();
        }
    }

    @Override
    public void onRunEnd(RunResult r) {
        push();
    }

    /** Pushes now; returns the HTTP status, or -1 if the push failed. */
    public int push() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", PrometheusSink.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(source.scrape())).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.warn("Pushgateway {} answered HTTP {}", uri, status);
            }
            return status;
        } catch (java.io.IOException e) {
            LOG.warn("Pushgateway push to {} failed: {}", uri, e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
