package io.aigateway.proxy.config;

import io.aigateway.proxy.health.HealthRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config the proxy serves: each version a source reports is built on a worker and swapped in atomically when
 * valid; a refused one is logged, counted, and the last good one keeps serving.
 */
public final class ConfigHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigHolder.class);

    private final Vertx vertx;
    private final HealthRegistry health;
    private final Consumer<ConfigHolder> onSwap;
    private final AtomicReference<RuntimeConfig> current = new AtomicReference<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Versions are applied in the order they were reported, even though each is built on a worker. */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong appliedSequence = new AtomicLong();
    private final AtomicReference<ConfigVersion> lastOffered = new AtomicReference<>();

    /** @param onSwap told after each swap; it reads {@link #current()}, which may already be a newer version */
    public ConfigHolder(Vertx vertx, HealthRegistry health, Consumer<ConfigHolder> onSwap) {
        this.vertx = vertx;
        this.health = health;
        this.onSwap = onSwap;
    }

    /** The config in use; null before any valid version arrived. */
    public RuntimeConfig current() {
        return current.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    /** Builds the version off the event loop and swaps it in; completes with whether it was accepted. */
    public Future<Boolean> offer(ConfigVersion version) {
        ConfigVersion last = lastOffered.getAndSet(version);
        if (last != null && last.routingJson().equals(version.routingJson())
                && last.credentials().equals(version.credentials())) {
            // A resync or a touched file: same content, so keep the planners' state.
            return Future.succeededFuture(false);
        }
        long seq = sequence.incrementAndGet();
        return vertx.<RuntimeConfig>executeBlocking(() -> RuntimeConfig.build(version, health), false)
                .map(built -> {
                    // A slower build of an older version must not replace a newer one.
                    long applied;
                    do {
                        applied = appliedSequence.get();
                        if (applied > seq) {
                            LOG.info("Config {} superseded before it was applied", version);
                            return false;
                        }
                    } while (!appliedSequence.compareAndSet(applied, seq));
                    RuntimeConfig previous = current.getAndSet(built);
                    accepted.incrementAndGet();
                    onSwap.accept(this);
                    if (previous == null || !previous.revision().equals(built.revision())) {
                        LOG.info("Serving config revision {} from {}", built.revision(), version);
                    }
                    return true;
                })
                .recover(e -> {
                    refused.incrementAndGet();
                    String why = e instanceof InvalidConfigException ? e.getMessage()
                            : e.getClass().getSimpleName();
                    LOG.warn("Refused config {}: {}; {}", version, why,
                            current.get() == null ? "no config served yet" : "still serving revision "
                                    + current.get().revision());
                    return Future.succeededFuture(false);
                });
    }
}
