package io.aigateway.operator.compiler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** How client keys are generated, hashed and fingerprinted. */
public final class ClientKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientKeys() {
    }

    /**
     * The key as it is compared: surrounding white space removed, since Secrets made from files often end in a
     * newline that no client sends.
     */
    public static String normalise(String key) {
        return key.strip();
    }

    /** Lower-case hex SHA-256 of the normalised key: what the routing config carries. */
    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalise(key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first 12 hex digits of the hash, enough to tell keys apart in a status, useless to an attacker. */
    public static String fingerprint(String key) {
        return sha256Hex(key).substring(0, 12);
    }

    /** A new key: 32 random bytes, URL-safe base64, with a recognisable prefix. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "aigw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
