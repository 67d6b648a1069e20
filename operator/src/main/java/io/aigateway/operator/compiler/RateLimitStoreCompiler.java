package io.aigateway.operator.compiler;

import io.aigateway.model.RateLimitStore;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreSpec;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreType;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.status.Reason;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Checks an AIGateway's {@code spec.rateLimitStore} and compiles it, with the credential entries it needs. */
final class RateLimitStoreCompiler {

    static final String PASSWORD_ENTRY = RateLimitStore.PASSWORD_ENTRY;
    static final String USERNAME_ENTRY = RateLimitStore.USERNAME_ENTRY;

    private static final String FIELD = "spec.rateLimitStore";

    /**
     * @param store null for the local store, or when the spec is invalid or its Secrets do not resolve (recorded in
     *     findings)
     * @param credentials entry name to value, for the gateway's credentials Secret
     */
    record Compiled(RateLimitStore store, SortedMap<String, String> credentials) {
    }

    private RateLimitStoreCompiler() {
    }

    static Compiled compile(AIGateway gateway, Snapshot snapshot, Findings findings) {
        RateLimitStoreSpec spec = gateway.getSpec() == null ? null : gateway.getSpec().getRateLimitStore();
        SortedMap<String, String> credentials = new TreeMap<>();
        if (spec == null || spec.getType() == null
                || Enums.parse(RateLimitStoreType.class, spec.getType()) == RateLimitStoreType.LOCAL) {
            checkNoRedisSettings(spec, findings);
            return new Compiled(null, credentials);
        }
        if (Enums.parse(RateLimitStoreType.class, spec.getType()) == null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".type '" + spec.getType() + "' is not one of "
                    + Enums.values(RateLimitStoreType.class));
            return new Compiled(null, credentials);
        }
        int before = findings.size();
        String problem = RateLimitStore.addressProblem(spec.getAddress());
        if (problem != null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".address " + problem);
        }
        int database = Objects.requireNonNullElse(spec.getDatabase(), 0);
        if (database < 0 || database > RateLimitStore.MAX_DATABASE) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".database must be between 0 and "
                    + RateLimitStore.MAX_DATABASE + ", was " + database);
        }
        int timeout = Objects.requireNonNullElse(spec.getTimeoutMillis(), RateLimitStore.DEFAULT_TIMEOUT_MILLIS);
        if (timeout < RateLimitStore.MIN_TIMEOUT_MILLIS || timeout > RateLimitStore.MAX_TIMEOUT_MILLIS) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".timeoutMillis must be between "
                    + RateLimitStore.MIN_TIMEOUT_MILLIS + " and " + RateLimitStore.MAX_TIMEOUT_MILLIS + ", was "
                    + timeout);
        }
        RateLimitStore.FailMode failMode = spec.getFailMode() == null ? RateLimitStore.FailMode.OPEN
                : Enums.parse(RateLimitStore.FailMode.class, spec.getFailMode());
        if (failMode == null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".failMode '" + spec.getFailMode()
                    + "' is not one of " + Enums.values(RateLimitStore.FailMode.class));
        }
        boolean user = spec.getUsername() != null || spec.getUsernameSecretRef() != null;
        if (spec.getUsername() != null && spec.getUsernameSecretRef() != null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ": set username or usernameSecretRef, not both");
        } else if (user && spec.getPasswordSecretRef() == null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ": a Redis ACL user needs passwordSecretRef");
        } else if (spec.getUsername() != null && spec.getUsername().isBlank()) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ".username must not be empty");
        }
        String passwordEntry = null;
        if (spec.getPasswordSecretRef() != null) {
            passwordEntry = entry(PASSWORD_ENTRY, spec.getPasswordSecretRef(), "passwordSecretRef", snapshot,
                    findings, credentials);
        }
        String usernameEntry = null;
        if (spec.getUsernameSecretRef() != null) {
            usernameEntry = entry(USERNAME_ENTRY, spec.getUsernameSecretRef(), "usernameSecretRef", snapshot,
                    findings, credentials);
        } else if (spec.getUsername() != null && !spec.getUsername().isBlank()) {
            // Not a secret, but the proxy reads the user from one place whichever way it was given.
            credentials.put(USERNAME_ENTRY, spec.getUsername().strip());
            usernameEntry = USERNAME_ENTRY;
        }
        if (findings.size() > before) {
            return new Compiled(null, new TreeMap<>());
        }
        return new Compiled(new RateLimitStore(spec.getAddress(), database, usernameEntry, passwordEntry, failMode,
                timeout), credentials);
    }

    private static String entry(String entryName, SecretKeyRef ref, String field, Snapshot snapshot,
            Findings findings, SortedMap<String, String> credentials) {
        String value = SecretReads.value(snapshot, findings, Reason.INVALID_RATE_LIMIT_STORE, "rate-limit store",
                FIELD + "." + field, ref);
        if (value == null) {
            return null;
        }
        credentials.put(entryName, value);
        return entryName;
    }

    /** Redis settings under the local store would be ignored without a word: they are refused instead. */
    private static void checkNoRedisSettings(RateLimitStoreSpec spec, Findings findings) {
        if (spec != null && Stream.of(spec.getAddress(), spec.getDatabase(), spec.getUsername(),
                spec.getUsernameSecretRef(), spec.getPasswordSecretRef(), spec.getFailMode(), spec.getTimeoutMillis())
                .anyMatch(Objects::nonNull)) {
            findings.invalid(Reason.INVALID_RATE_LIMIT_STORE, FIELD + ": address, database, username, "
                    + "usernameSecretRef, passwordSecretRef, failMode and timeoutMillis apply to type redis only; "
                    + "set type: redis or remove them");
        }
    }

    /** The Secret keys the store's settings read: the password's, then the user's. */
    static List<SecretKeyRef> referencedSecretKeys(AIGateway gateway) {
        RateLimitStoreSpec spec = gateway.getSpec() == null ? null : gateway.getSpec().getRateLimitStore();
        if (spec == null) {
            return List.of();
        }
        return Stream.of(spec.getPasswordSecretRef(), spec.getUsernameSecretRef())
                .filter(ref -> ref != null && ref.getName() != null && ref.getKey() != null).toList();
    }
}
