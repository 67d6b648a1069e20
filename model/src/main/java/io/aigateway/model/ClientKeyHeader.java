package io.aigateway.model;

/**
 * A request header that may carry a client key.
 *
 * @param name the header name, for example {@code Authorization} or {@code x-api-key}
 * @param scheme the prefix before the key, for example {@code Bearer}; null when the header holds the bare key
 */
public record ClientKeyHeader(String name, String scheme) {
    public ClientKeyHeader {
        Checks.requireText(name, "clientKeyHeaders[].name");
    }
}
