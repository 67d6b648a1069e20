package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.List;

/**
 * One index of an informer cache: the resources filed under a key. The mappers take this rather than a cache, so
 * their tests can hand them a list.
 */
@FunctionalInterface
public interface IndexLookup<T> {

    List<T> byKey(String key);

    static <T extends HasMetadata> IndexLookup<T> of(IndexedResourceCache<T> cache, String indexName) {
        return key -> cache.byIndex(indexName, key);
    }
}
