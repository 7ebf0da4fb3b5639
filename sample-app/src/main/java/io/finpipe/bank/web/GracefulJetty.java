package io.finpipe.bank.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.embeddedserver.jetty.JettyServerFactory;

/**
 * Builds Spark's Jetty with a StatisticsHandler around Spark's handler, so shutdown can stop accepting
 * and then wait for in-flight requests. The wait is done here rather than through Jetty's stopTimeout:
 * on timeout Jetty's stop throws, and Spark answers that with System.exit, which hangs a shutdown hook.
 */
final class GracefulJetty implements JettyServerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulJetty.class);

    private static final long POOL_STOP_MILLIS = 1000;

    private final StatisticsHandler statistics = new StatisticsHandler();
    private volatile Server server;

    @Override
    public Server create(int maxThreads, int minThreads, int idleTimeoutMillis) {
        return create(new QueuedThreadPool(maxThreads, minThreads, idleTimeoutMillis));
    }

    /** The worker pool's size limit, once the server is created. */
    int maxThreads() {
        return server.getThreadPool() instanceof QueuedThreadPool queued ? queued.getMaxThreads() : -1;
    }

    @Override
    public Server create(ThreadPool threadPool) {
        if (threadPool instanceof QueuedThreadPool queued) {
            // After drain() the grace is spent: interrupt what still runs instead of Jetty's default 30 s wait.
            queued.setStopTimeout(POOL_STOP_MILLIS);
        }
        server = new Server(threadPool) {
            @Override
            public void setHandler(Handler handler) {
                statistics.setHandler(handler);
                super.setHandler(statistics);
            }
        };
        // drain() has already waited: Jetty's own graceful wait (30 s by default) must not wait again.
        server.setStopTimeout(0);
        return server;
    }

    /** Stops accepting connections and waits up to grace for requests in flight; then Spark may stop Jetty. */
    void drain(Duration grace) {
        Server current = server;
        if (current == null) {
            return;
        }
        List<Future<Void>> done = new ArrayList<>();
        for (Connector connector : current.getConnectors()) {
            done.add(connector.shutdown());
        }
        done.add(statistics.shutdown());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Future<Void> future : done) {
            try {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("shutdown grace of {} ms ran out with {} requests in flight; stopping anyway",
                        grace.toMillis(), statistics.getRequestsActive());
                return;
            }
        }
    }
}
