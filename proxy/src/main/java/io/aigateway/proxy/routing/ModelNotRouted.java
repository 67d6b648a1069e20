package io.aigateway.proxy.routing;

import java.util.Set;

/**
 * The requested model has no target in this upstream: no route names it and there is no {@code default} route, or
 * it is a mapped name whose targets its route leaves out. The client sees 404, as a provider answers a model it does
 * not have.
 */
public final class ModelNotRouted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelNotRouted(String model, Set<String> served) {
        super("The model '" + model + "' is not served here"
                + (served.isEmpty() ? "." : "; models served: " + String.join(", ", served) + "."), null, false,
                false);
    }
}
