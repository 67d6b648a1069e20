package io.aigateway.proxy.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code model} label: clients choose the model they ask for, so the label keeps the first {@code limit}
 * distinct values it sees and reports every later one as {@value #OTHER}; a client cannot grow the scrape without
 * bound. A request without a model is labelled {@value #NONE}.
 */
public final class ModelLabels {

    public static final String OTHER = "other";
    public static final String NONE = "none";
    public static final int DEFAULT_LIMIT = 100;

    private final int limit;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicInteger size = new AtomicInteger();

    public ModelLabels(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /** The label value for the requested model. */
    public String of(String model) {
        if (model == null || model.isEmpty()) {
            return NONE;
        }
        if (known.contains(model)) {
            return model;
        }
        // Reserve a slot first, so that racing callers never admit more than the limit.
        while (true) {
            int n = size.get();
            if (n >= limit) {
                return known.contains(model) ? model : OTHER;
            }
            if (size.compareAndSet(n, n + 1)) {
                if (!known.add(model)) {
                    size.decrementAndGet(); // another caller added the same model meanwhile
                }
                return model;
            }
        }
    }
}
