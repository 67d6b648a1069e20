package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.Set;

/**
 * An informer event source for resources that name the primary they concern (an AIKey or an AIRule its gateway):
 * an update reaches the primaries of the resource's old state as well as those of its new one, so a reference moved
 * from one gateway to another wakes both at once.
 *
 * <p>JOSDK maps an update by the new state only; this adds an event for every primary the old state mapped to and
 * the new one does not. Such a difference means the spec changed, so the generation moved and the update passes the
 * {@link GenerationChangedFilter} too. Deletions need nothing: JOSDK maps them by the deleted object.
 */
public final class MovedReferenceEventSource<R extends HasMetadata, P extends HasMetadata>
        extends InformerEventSource<R, P> {

    public MovedReferenceEventSource(InformerEventSourceConfiguration<R> configuration, EventSourceContext<P> context) {
        super(configuration, context);
    }

    @Override
    public void onUpdate(R oldObject, R newObject) {
        super.onUpdate(oldObject, newObject);
        EventHandler handler = getEventHandler();
        if (handler != null) {
            primariesLeft(configuration().getSecondaryToPrimaryMapper(), oldObject, newObject)
                    .forEach(primary -> handler.handleEvent(new Event(primary)));
        }
    }

    /** The primaries the old state of a resource concerns and its new state no longer does. */
    public static <R> Set<ResourceID> primariesLeft(SecondaryToPrimaryMapper<R> mapper, R oldObject, R newObject) {
        Set<ResourceID> left = new HashSet<>(mapper.toPrimaryResourceIDs(oldObject));
        left.removeAll(mapper.toPrimaryResourceIDs(newObject));
        return left;
    }
}
