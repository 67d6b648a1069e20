package io.aigateway.proxy.limits;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How this proxy reaches the Redis its replicas share limits in: the proxy's own view of the gateway's
 * {@code rateLimitStore}, filled from the compiled config and the credentials Secret. {@link #toString()} never
 * shows the password.
 *
 * @param address {@code redis://host:port}, or {@code rediss://host:port} for TLS; no credentials in it
 * @param database the database number, 0 by default
 * @param user the ACL user, null for the default user
 * @param password null when Redis asks for none
 * @param timeout how long one call may take before the store counts as unavailable
 * @param failMode what a request gets while Redis cannot be reached
 * @param lease how long a replica's reservations outlive its last sign of life (a crash between reserve and
 *     settle); the replica renews its lease several times within it
 */
public record RedisStoreSettings(String address, int database, String user, String password, Duration timeout,
        FailMode failMode, Duration lease) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    /** What a request gets while Redis cannot be reached. */
    public enum FailMode {
        /** Counted by this replica alone (the local store) until Redis answers again. */
        OPEN,
        /** Refused: {@link WindowCounters.Outcome.Unavailable}, which the request path answers with 503. */
        CLOSED
    }

    public RedisStoreSettings {
        Objects.requireNonNull(address, "address");
        URI uri = URI.create(address);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("a Redis address is redis://host:port or rediss://host:port, not "
                    + uri.getScheme() + "://" + uri.getHost());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a Redis address carries no credentials: give them apart");
        }
        if (database < 0) {
            throw new IllegalArgumentException("a Redis database number is not negative: " + database);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        failMode = failMode == null ? FailMode.OPEN : failMode;
        lease = lease == null ? DEFAULT_LEASE : lease;
        if (timeout.isNegative() || timeout.isZero() || lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a Redis timeout is positive and a lease at least 1s");
        }
    }

    /** A server at {@code address} with no credentials, the default timeout and lease, in fail mode {@code open}. */
    public static RedisStoreSettings of(String address) {
        return new RedisStoreSettings(address, 0, null, null, null, null, null);
    }

    public boolean tls() {
        return address.startsWith("rediss:");
    }

    @Override
    public String toString() {
        return "RedisStoreSettings[address=" + address + ", database=" + database + ", user=" + user
                + ", password=" + (password == null ? "none" : "***") + ", timeout=" + timeout + ", failMode="
                + failMode + ", lease=" + lease + "]";
    }
}
