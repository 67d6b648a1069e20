package io.aigateway.model;

/**
 * Where a target's API lives.
 *
 * @param protocol {@code http} or {@code https}
 * @param basePath the API root under which the provider's operation paths go, {@code ""} for the host root
 */
public record Endpoint(String protocol, String host, int port, String basePath) {
    public Endpoint {
        if (!"http".equals(protocol) && !"https".equals(protocol)) {
            throw new IllegalArgumentException("endpoint protocol must be http or https, was " + protocol);
        }
        Checks.requireText(host, "endpoint.host");
        Checks.requireRange(port, 1, 65_535, "endpoint.port");
        basePath = basePath == null ? "" : basePath;
    }
}
