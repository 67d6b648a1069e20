package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The Redis server that every proxy replica of the gateway keeps its limit and budget counters in, so that a limit
 * holds across replicas. Absent from the routing config ({@link RoutingConfig#rateLimitStore()} null), each replica
 * counts alone in its memory. Credentials are never here: their {@code *Entry} fields name entries of the
 * gateway's credentials Secret.
 *
 * @param address {@code redis://host:port}, or {@code rediss://host:port} for TLS; no user, password, path or
 *     query (those have fields of their own)
 * @param database the Redis database number, 0 to 15
 * @param usernameEntry the entry holding the ACL user; null for Redis's {@code default} user (or none)
 * @param passwordEntry the entry holding the password; null for a Redis without AUTH
 * @param failMode what the proxy does while Redis cannot be reached in time
 * @param timeoutMillis how long the proxy waits for one Redis call before it counts as failed
 */
public record RateLimitStore(String address, int database, String usernameEntry, String passwordEntry,
        FailMode failMode, int timeoutMillis) {

    public static final int MAX_DATABASE = 15;
    public static final int DEFAULT_TIMEOUT_MILLIS = 250;
    public static final int MIN_TIMEOUT_MILLIS = 10;
    public static final int MAX_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_PORT = 6379;
    /**
     * The credentials entries the operator puts the password and the user in. Upstream entries are
     * {@code upstream.target.field} with lower-case resource names, so an upper-case letter keeps these apart.
     */
    public static final String PASSWORD_ENTRY = "rateLimitStore.password";
    public static final String USERNAME_ENTRY = "rateLimitStore.username";

    /** What the proxy does while Redis cannot be reached in time. */
    public enum FailMode {
        /** Serve, counting in the replica's own memory until Redis answers again. */
        @JsonProperty("open") OPEN,
        /** Answer 503 to the requests that have a limit or a budget to check. */
        @JsonProperty("closed") CLOSED
    }

    public RateLimitStore {
        String problem = addressProblem(address);
        if (problem != null) {
            throw new IllegalArgumentException("rateLimitStore.address " + problem);
        }
        Checks.requireRange(database, 0, MAX_DATABASE, "rateLimitStore.database");
        if (usernameEntry != null && passwordEntry == null) {
            throw new IllegalArgumentException("rateLimitStore.usernameEntry needs a passwordEntry");
        }
        if (failMode == null) {
            throw new IllegalArgumentException("rateLimitStore.failMode must be open or closed");
        }
        Checks.requireRange(timeoutMillis, MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS, "rateLimitStore.timeoutMillis");
    }

    /** Whether the address uses TLS ({@code rediss://}). */
    public boolean tls() {
        return address.startsWith("rediss://");
    }

    /**
     * What is wrong with a Redis address, to follow "address ..." in a message; null when it is a
     * {@code redis://host[:port]} or {@code rediss://host[:port]} URL with nothing else.
     */
    public static String addressProblem(String address) {
        if (address == null || address.isBlank()) {
            return "is required, for example redis://redis.default.svc:6379";
        }
        if (address.contains("@")) {
            // Never quoted: what comes before the @ may be a password.
            return "must not hold a user or password; use passwordSecretRef and username or usernameSecretRef";
        }
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            return "'" + address + "' is not a URL, for example redis://redis.default.svc:6379";
        }
        if (!address.startsWith("redis://") && !address.startsWith("rediss://")) {
            return "'" + address + "' must start with redis:// or rediss:// (TLS)";
        }
        if (uri.getHost() == null) {
            return "'" + address + "' has no host (or a port that is not a number)";
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return "'" + address + "' must be scheme, host and port only; set the database with database";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return "'" + address + "' has a port out of range (1 to 65535)";
        }
        return null;
    }
}
