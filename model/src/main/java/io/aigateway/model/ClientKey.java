package io.aigateway.model;

import java.time.Instant;

/**
 * A client API key as the proxy checks it: never the key, only its SHA-256.
 *
 * @param name the AIKey's name
 * @param sha256 lower-case hex SHA-256 of the key's UTF-8 bytes
 * @param expiresAt null when the key does not expire
 * @param limits what this key may use across every route: the AIKey's own {@code limits} when it sets them, the
 *     gateway's {@code defaultKeyLimits} otherwise (resolved by the operator); null for no limit
 * @param budget what this key may spend per day or month; null for no budget
 */
public record ClientKey(String name, String sha256, Instant expiresAt, UsageLimits limits, Budget budget) {
    public ClientKey {
        Checks.requireText(name, "clientKeys[].name");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("clientKeys[].sha256 of " + name + " must be 64 lower-case hex digits");
        }
    }

    /**
     * Whether the proxy counts this key's use: it has limits or a budget. Only such a key costs a call to the
     * rate-limit store, and gets a {@code status.usage} reported.
     */
    public boolean counted() {
        return limits != null || budget != null;
    }

    /** A key without limits or budget. */
    public ClientKey(String name, String sha256, Instant expiresAt) {
        this(name, sha256, expiresAt, null, null);
    }
}
