package io.aigateway.operator.api.v1alpha1;

/**
 * The schema of {@code AIRule.spec.methods[]}. An enum rather than CEL: the generator cannot bound the length of
 * list items, and the API server refuses CEL rules whose estimated cost over unbounded strings is too high.
 */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
}
