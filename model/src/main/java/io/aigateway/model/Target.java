package io.aigateway.model;

import java.util.List;
import java.util.Map;

/**
 * One provider endpoint of an upstream.
 *
 * @param path the request path on the target's host; null means the provider's default operation path under
 *     {@link Endpoint#basePath()}
 * @param models the models this target serves; empty means any
 * @param defaultModel sent instead of the requested model when this target does not serve it; may be null
 * @param headers extra headers sent with every request to this target
 * @param providerOptions provider-specific switches, for example {@code api: responses} for OpenAI
 * @param rateLimit what this target may be sent; null sets no limit of the gateway's own
 * @param cost what this target charges per 1,000 tokens; null when not declared
 */
public record Target(
        String name,
        Provider provider,
        Endpoint endpoint,
        String path,
        int weight,
        int priority,
        List<String> models,
        String defaultModel,
        Map<String, String> headers,
        Map<String, String> providerOptions,
        Credentials credentials,
        RateLimit rateLimit,
        Cost cost) {

    public Target {
        Checks.requireText(name, "targets[].name");
        if (provider == null) {
            throw new IllegalArgumentException("target " + name + " has no provider");
        }
        if (endpoint == null) {
            throw new IllegalArgumentException("target " + name + " has no endpoint");
        }
        Checks.requireRange(weight, 1, 100, "targets[].weight");
        Checks.requireRange(priority, 1, Integer.MAX_VALUE, "targets[].priority");
        models = Checks.listOrEmpty(models);
        headers = Checks.mapOrEmpty(headers);
        providerOptions = Checks.mapOrEmpty(providerOptions);
        credentials = credentials == null ? Credentials.NONE : credentials;
    }
}
