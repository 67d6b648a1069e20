package io.aigateway.proxy.auth;

import io.aigateway.model.Credentials;
import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * Adds a target's provider credentials to an upstream request. The only place that reads credential values; it
 * never logs them.
 */
public final class CredentialInjector {

    private CredentialInjector() {
    }

    /** Whether this build can authenticate to the target: every form but AWS signing, for now. */
    public static boolean supports(Target target) {
        return target.credentials().aws() == null;
    }

    /**
     * Sets the target's credential header the way its provider expects it, replacing any value a client sent under
     * the same name: an API key as {@code Authorization: Bearer} (OpenAI and compatible servers), {@code x-api-key}
     * (Anthropic), {@code x-goog-api-key} (Gemini) or {@code api-key} (Azure OpenAI); a header credential as given.
     *
     * @param entries the gateway's credential entries by name
     * @throws IllegalStateException when an entry the target names is absent (a validated config prevents it)
     */
    public static void apply(Target target, Map<String, String> entries, MultiMap headers) {
        Credentials c = target.credentials();
        if (c.apiKeyEntry() != null) {
            String key = entry(entries, c.apiKeyEntry());
            switch (target.provider()) {
                case ANTHROPIC -> headers.set("x-api-key", key);
                case GEMINI -> headers.set("x-goog-api-key", key);
                case AZURE -> headers.set("api-key", key);
                default -> headers.set("Authorization", "Bearer " + key);
            }
        } else if (c.azure() != null) {
            headers.set("api-key", entry(entries, c.azure().apiKeyEntry()));
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
