package io.aigateway.proxy.routing;

import io.aigateway.model.Target;
import io.aigateway.proxy.health.TargetHealth;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target as requests use it: its config, its health, how many requests it has in flight, and the connection
 * slots that bound them.
 */
public final class TargetRuntime {

    private final String upstream;
    private final Target target;
    private final TargetHealth health;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConnectionSlots connections;
    /** Each mapped name this target serves and the model it receives for it. */
    private final Map<String, String> modelMapping;

    /** @param modelMapping each mapped name this target serves and the model it receives for it */
    public TargetRuntime(String upstream, Target target, TargetHealth health, int maxConnections,
            Map<String, String> modelMapping) {
        this.upstream = upstream;
        this.target = target;
        this.health = health;
        this.connections = new ConnectionSlots(maxConnections);
        this.modelMapping = modelMapping;
    }

    public String upstream() {
        return upstream;
    }

    public Target target() {
        return target;
    }

    public TargetHealth health() {
        return health;
    }

    /**
     * Each request to this target holds one slot while it is on the wire. Counted per config revision, like the
     * rest of this object: requests still running on an earlier revision are not counted here.
     */
    public ConnectionSlots connections() {
        return connections;
    }

    /** Call when a request to this target starts, and {@link #finished()} once it ends, whatever the outcome. */
    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Whether this target serves the model; a target that lists no models serves any. */
    public boolean serves(String model) {
        return target.models().isEmpty() || (model != null && target.models().contains(model));
    }

    /**
     * The model to send: the one the upstream's model mapping gives this target for the requested name; else the
     * requested one when this target serves it, otherwise the target's default model (the requested one when it has
     * none).
     */
    public String modelFor(String requested) {
        String mapped = requested == null ? null : modelMapping.get(requested);
        if (mapped != null) {
            return mapped;
        }
        if (requested == null || !serves(requested)) {
            return target.defaultModel() != null ? target.defaultModel() : requested;
        }
        return requested;
    }

    @Override
    public String toString() {
        return upstream + "/" + target.name();
    }
}
