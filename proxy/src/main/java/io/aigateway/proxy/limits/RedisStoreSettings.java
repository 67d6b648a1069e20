package io.aigateway.proxy.limits;

import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RateLimitStore.FailMode;
import java.time.Duration;

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
 * @param failMode what a request gets while Redis cannot be reached: {@code open} counts by this replica alone (the
 *     local store) until Redis answers again, {@code closed} answers {@link WindowCounters.Outcome.Unavailable},
 *     which the request path turns into 503
 * @param lease how long a replica's reservations outlive its last sign of life (a crash between reserve and
 *     settle); the replica renews its lease several times within it
 */
public record RedisStoreSettings(String address, int database, String user, String password, Duration timeout,
        FailMode failMode, Duration lease) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(RateLimitStore.DEFAULT_TIMEOUT_MILLIS);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    public RedisStoreSettings {
        String problem = RateLimitStore.addressProblem(address);
        if (problem != null) {
            throw new IllegalArgumentException("Redis address " + problem);
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

    /**
     * The gateway's compiled {@code rateLimitStore}, with the user and password read from the credentials Secret's
     * entries it names (null where it names none); the default lease.
     */
    public static RedisStoreSettings of(RateLimitStore store, String user, String password) {
        return new RedisStoreSettings(store.address(), store.database(), user, password,
                Duration.ofMillis(store.timeoutMillis()), store.failMode(), null);
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
