package io.aigateway.proxy.config;

import java.util.Map;

/**
 * One version of the raw config as a source read it: the routing config JSON and the credential entries.
 *
 * @param origin where it came from, for logs: a ConfigMap name and resourceVersion, or a file path
 */
public record ConfigVersion(String routingJson, Map<String, String> credentials, String origin) {

    public ConfigVersion {
        credentials = Map.copyOf(credentials);
    }

    @Override
    public String toString() {
        // Never print credential values.
        return "ConfigVersion[" + origin + ", " + credentials.size() + " credential entries]";
    }
}
