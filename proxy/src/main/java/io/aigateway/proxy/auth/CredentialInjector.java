package io.aigateway.proxy.auth;

import io.aigateway.model.Credentials;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;

/**
 * Adds a target's provider credentials to an upstream request. The only place that reads credential values; it
 * never logs them.
 */
public final class CredentialInjector {

    private static final Set<Provider> BEARER_PROVIDERS = Set.of(Provider.OPENAI, Provider.OPENAI_COMPATIBLE);

    private CredentialInjector() {
    }

    /** Whether this build can authenticate to the target (OpenAI-style targets only, for now). */
    public static boolean supports(Target target) {
        Credentials c = target.credentials();
        if (c.aws() != null || c.azure() != null) {
            return false;
        }
        return c.apiKeyEntry() == null || BEARER_PROVIDERS.contains(target.provider());
    }

    /**
     * Sets the target's credential header, replacing any value a client sent under the same name.
     *
     * @param entries the gateway's credential entries by name
     * @throws IllegalStateException when an entry the target names is absent (a validated config prevents it)
     */
    public static void apply(Target target, Map<String, String> entries, MultiMap headers) {
        Credentials c = target.credentials();
        if (c.apiKeyEntry() != null) {
            headers.set("Authorization", "Bearer " + entry(entries, c.apiKeyEntry()));
        } else if (c.header() != null) {
            headers.set(c.header().name(), entry(entries, c.header().valueEntry()));
        }
    }

    private static String entry(Map<String, String> entries, String name) {
        String value = entries.get(name);
        if (value == null) {
            throw new IllegalStateException("credential entry " + name + " is missing");
        }
        return value.trim();
    }
}
