package io.finpipe.bank.web;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Supplier;

/** The service's Prometheus registry: HTTP traffic, money movements, connection pool, JVM. */
public final class Metrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** Every other method is one label, OTHER: clients choose the method, and each label value is a new series. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("http_requests_total")
            .help("HTTP requests by method, route pattern and status").labelNames("method", "route", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("http_request_duration_seconds")
            .help("HTTP request latency by method and route pattern").labelNames("method", "route").classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Counter movements = Counter.builder().name("bank_money_movements_total")
            .help("Committed deposits, withdrawals and transfers").labelNames("kind").register(registry);
    private final Counter movedEuros = Counter.builder().name("bank_money_moved_euros_total")
            .help("EUR moved by committed deposits, withdrawals and transfers").labelNames("kind").register(registry);

    public Metrics(Supplier<HikariPoolMXBean> pool) {
        GaugeWithCallback.builder().name("db_pool_connections").help("Database pool connections by state")
                .labelNames("state").callback(callback -> {
                    HikariPoolMXBean bean = pool.get();
                    if (bean != null) {
                        callback.call(bean.getActiveConnections(), "active");
                        callback.call(bean.getIdleConnections(), "idle");
                        callback.call(bean.getTotalConnections(), "total");
                        callback.call(bean.getThreadsAwaitingConnection(), "pending");
                    }
                }).register(registry);
    }

    /** JVM memory, GC, threads, ...: called once, off the start-up path (it loads the platform MBeans). */
    public void registerJvmMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** The method as a label: one of METHODS or OTHER. */
    public static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    /** method: a methodLabel. */
    public void request(String method, String route, int status, long nanos) {
        requests.labelValues(method, route, Integer.toString(status)).inc();
        latency.labelValues(method, route).observe(nanos / 1e9);
    }

    public void moneyMoved(String kind, BigDecimal amount) {
        movements.labelValues(kind).inc();
        movedEuros.labelValues(kind).inc(amount.doubleValue());
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
