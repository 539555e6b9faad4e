package io.fleetstorm.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Micrometer Prometheus registry served on {@code /metrics} (text format 0.0.4): the one endpoint of a run
 * ({@link PrometheusSink}) or of a standalone hub. The JDK's small HTTP server is enough for a scrape a second.
 */
public final class MetricsEndpoint implements AutoCloseable {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    /** Serves on {@code host:port} (0 = an ephemeral port); {@code port < 0} serves nothing (push only). */
    public MetricsEndpoint(String host, int port) throws IOException {
        if (port < 0) {
            server = null;
            return;
        }
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The port served, or -1 when not serving. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    PrometheusMeterRegistry prometheusRegistry() {
        return registry;
    }

    /** The exposition, as {@code /metrics} returns it. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
