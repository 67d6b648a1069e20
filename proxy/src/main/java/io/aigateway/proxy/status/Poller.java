package io.aigateway.proxy.status;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reporter's own daemon thread, running its poll at a fixed delay: the Kubernetes client blocks, so never on an
 * event loop or the request path. A poll that throws is logged and the next one runs as planned.
 */
final class Poller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final String what;
    private final Runnable poll;
    private final ScheduledExecutorService thread;
    private final AtomicLong polls = new AtomicLong();

    /**
     * @param threadName the thread's name
     * @param what what a poll does, for the log line of a failed one ({@code Health report})
     */
    Poller(String threadName, String what, Runnable poll) {
        this.what = what;
        this.poll = poll;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration every) {
        long millis = every.toMillis();
        thread.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Polls done so far. */
    long polls() {
        return polls.get();
    }

    /** Stops polling; a poll under way may finish. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void pollSafely() {
        try {
            poll.run();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule: log it and poll again next time.
            LOG.warn("{} failed: {}", what, e.toString());
        } finally {
            polls.incrementAndGet();
        }
    }
}
