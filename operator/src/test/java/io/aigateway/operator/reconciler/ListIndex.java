package io.aigateway.operator.reconciler;

import java.util.List;
import java.util.function.Function;

/** A fake index over a list, computed with the same function the informer index uses. */
public final class ListIndex<T> implements IndexLookup<T> {

    private final Function<T, List<String>> indexer;
    private final List<T> items;

    private ListIndex(Function<T, List<String>> indexer, List<T> items) {
        this.indexer = indexer;
        this.items = items;
    }

    @SafeVarargs
    public static <T> ListIndex<T> of(Function<T, List<String>> indexer, T... items) {
        return new ListIndex<>(indexer, List.of(items));
    }

    @Override
    public List<T> byKey(String key) {
        return items.stream().filter(item -> indexer.apply(item).contains(key)).toList();
    }
}
