package io.aigateway.cli.resources;

import java.util.List;

/**
 * What {@link ResourceLoader} read.
 *
 * @param resources our resources and Secrets, in file order (files sorted by path), then document order
 * @param errors input that could not be read: a missing path, malformed YAML, a document without a kind
 * @param ignored how many documents were of other kinds
 */
public record LoadResult(List<LoadedResource> resources, List<String> errors, int ignored) {

    public LoadResult {
        resources = List.copyOf(resources);
        errors = List.copyOf(errors);
    }
}
