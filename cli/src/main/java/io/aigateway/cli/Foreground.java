package io.aigateway.cli;

import io.aigateway.proxy.GatewayProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystemOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the long-running commands share: one Vert.x, blocking waits on its futures, staying up until Ctrl-C. */
final class Foreground {

    static final long START_TIMEOUT_SECONDS = 30;
    static final long STOP_TIMEOUT_SECONDS = 10;

    private Foreground() {
    }

    /** A proxy's Vert.x that reads no files from the class path and leaves no cache directory behind. */
    static Vertx vertx() {
        return Vertx.vertx(GatewayProxy.vertxOptions().setFileSystemOptions(
                new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
    }

    /** Waits for a future off the event loop; its failure is thrown as is. */
    static <T> T await(Future<T> future, long seconds) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + seconds + " s");
        }
    }

    /** Closes Vert.x, waiting a bounded time. */
    static void close(Vertx vertx) {
        try {
            await(vertx.close(), STOP_TIMEOUT_SECONDS);
        } catch (Exception e) {
            // Stopping anyway.
        }
    }

    /**
     * Runs {@code onStop} when the JVM is asked to stop (Ctrl-C, SIGTERM) and blocks until then. The JVM exits
     * once the hook is done; this thread never returns.
     */
    static void untilStopped(Runnable onStop) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(onStop, "aigw-stop"));
        new CountDownLatch(1).await();
    }
}
