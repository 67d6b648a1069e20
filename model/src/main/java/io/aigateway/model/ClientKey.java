package io.aigateway.model;

import java.time.Instant;

/**
 * A client API key as the proxy checks it: never the key, only its SHA-256.
 *
 * @param name the AIKey's name
 * @param sha256 lower-case hex SHA-256 of the key's UTF-8 bytes
 * @param expiresAt null when the key does not expire
 */
public record ClientKey(String name, String sha256, Instant expiresAt) {
    public ClientKey {
        Checks.requireText(name, "clientKeys[].name");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("clientKeys[].sha256 of " + name + " must be 64 lower-case hex digits");
        }
    }
}
