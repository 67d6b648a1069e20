package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A reconciler's view of the shared {@link SecretCache}: each Secret added, changed or deleted triggers the
 * primaries {@code mapper} maps it to, as an informer event source of the reconciler's own would. The reconciler
 * reads the Secrets from the cache itself, by name; {@link #getSecondaryResources} is therefore empty.
 *
 * @param <P> the reconciler's primary resource
 */
public final class SharedSecretEventSource<P extends HasMetadata> extends AbstractEventSource<Secret, P>
        implements Consumer<Secret> {

    private final SecretCache cache;
    private final SecondaryToPrimaryMapper<Secret> mapper;

    public SharedSecretEventSource(String name, SecretCache cache, SecondaryToPrimaryMapper<Secret> mapper) {
        super(Secret.class, name);
        this.cache = cache;
        this.mapper = mapper;
    }

    @Override
    public void start() throws OperatorException {
        cache.addListener(this);
        cache.start();
        super.start();
    }

    @Override
    public void stop() throws OperatorException {
        super.stop();
        cache.removeListener(this);
        cache.stop();
    }

    @Override
    public void accept(Secret secret) {
        if (isRunning()) {
            mapper.toPrimaryResourceIDs(secret).forEach(primary -> getEventHandler().handleEvent(new Event(primary)));
        }
    }

    /** The shared cache's health, which the operator's readiness reports like that of its own informers. */
    @Override
    public Status getStatus() {
        return cache.healthy() ? Status.HEALTHY : Status.UNHEALTHY;
    }

    @Override
    public Set<Secret> getSecondaryResources(P primary) {
        return Set.of();
    }
}
