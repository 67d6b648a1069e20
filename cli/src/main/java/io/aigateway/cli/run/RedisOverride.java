package io.aigateway.cli.run;

import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.operator.compiler.CompiledGateway;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code aigw run --redis URL}: the served gateway's rate-limit store set to that Redis, whatever its spec says
 * (its database, user, fail mode and timeout kept when it names a Redis already; the defaults otherwise). The
 * password, when given, goes into the credentials files like the operator's credentials Secret entry, never into the
 * routing config.
 *
 * @param address {@code redis://host:port} or {@code rediss://host:port}, checked as the operator checks it
 * @param password null for a Redis without AUTH (or to keep the gateway's own password entry)
 */
public record RedisOverride(String address, String password) {

    /** The environment variable {@code aigw run} reads the password of {@code --redis} from. */
    public static final String PASSWORD_ENV = "AIGW_REDIS_PASSWORD";

    public RedisOverride {
        String problem = RateLimitStore.addressProblem(address);
        if (problem != null) {
            // Never the address itself when it holds an @: what comes before it may be a password.
            throw new IllegalArgumentException(address.contains("@") ? "--redis must not hold a user or password; "
                    + "give the password with --redis-password-file or the environment variable " + PASSWORD_ENV
                    : "--redis address " + problem);
        }
    }

    /** The gateway as compiled, with this store. */
    public CompiledGateway apply(CompiledGateway compiled) {
        RateLimitStore own = compiled.config().rateLimitStore();
        SortedMap<String, String> credentials = new TreeMap<>(compiled.credentials());
        String passwordEntry = own == null ? null : own.passwordEntry();
        if (password != null) {
            credentials.put(RateLimitStore.PASSWORD_ENTRY, password);
            passwordEntry = RateLimitStore.PASSWORD_ENTRY;
        }
        RateLimitStore store = own == null
                ? new RateLimitStore(address, 0, null, passwordEntry, RateLimitStore.FailMode.OPEN,
                        RateLimitStore.DEFAULT_TIMEOUT_MILLIS)
                : new RateLimitStore(address, own.database(), passwordEntry == null ? null : own.usernameEntry(),
                        passwordEntry, own.failMode(), own.timeoutMillis());
        RoutingConfig config = compiled.config().withRateLimitStore(store);
        return CompiledGateway.of(compiled.gateway(), config, credentials);
    }
}
