package io.aigateway.operator;

import io.aigateway.operator.reconciler.SecretSelector;
import io.aigateway.operator.reconciler.gateway.ProxyObjects;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from its environment.
 *
 * @param watchedNamespaces the namespaces to watch; empty: all
 * @param leaseNamespace where the leader-election Lease lives; empty: no leader election
 * @param metricsPort the port of /healthz, /readyz and /metrics
 * @param proxyImage the proxy image of gateways whose spec.proxy.image is unset
 * @param secretSelector the Secrets of the watched namespaces the operator reads
 */
public record OperatorSettings(Set<String> watchedNamespaces, Optional<String> leaseNamespace, int metricsPort,
        String proxyImage, SecretSelector secretSelector) {

    /** Comma-separated namespaces to watch; unset or empty: all. */
    public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
    /** The operator's own namespace (a fieldRef to metadata.namespace): where the Lease lives. */
    public static final String OPERATOR_NAMESPACE = "OPERATOR_NAMESPACE";
    /** {@code false} turns leader election off; it is on whenever OPERATOR_NAMESPACE is set. */
    public static final String LEADER_ELECTION = "LEADER_ELECTION";
    public static final String METRICS_PORT = "METRICS_PORT";
    /** The proxy image of gateways that name none; unset or empty: the proxy of the operator's own version. */
    public static final String PROXY_IMAGE = "PROXY_IMAGE";
    /** Only Secrets with these labels, {@code key=value[,key=value]}, are read; unset or empty: every Secret. */
    public static final String SECRET_LABEL_SELECTOR = "SECRET_LABEL_SELECTOR";
    public static final int DEFAULT_METRICS_PORT = 8080;
    public static final String LEASE_NAME = "ai-gateway-operator";

    public OperatorSettings {
        watchedNamespaces = Collections.unmodifiableSet(new TreeSet<>(watchedNamespaces));
    }

    public static OperatorSettings from(Map<String, String> environment) {
        String leaderElection = environment.getOrDefault(LEADER_ELECTION, "").strip();
        if (!leaderElection.isEmpty() && !leaderElection.equalsIgnoreCase("true")
                && !leaderElection.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(LEADER_ELECTION + " must be true or false, not '" + leaderElection
                    + "'");
        }
        Optional<String> operatorNamespace = Optional.ofNullable(environment.get(OPERATOR_NAMESPACE))
                .map(String::strip).filter(namespace -> !namespace.isEmpty());
        if (leaderElection.equalsIgnoreCase("true") && operatorNamespace.isEmpty()) {
            throw new IllegalArgumentException(LEADER_ELECTION + "=true needs " + OPERATOR_NAMESPACE
                    + ", the namespace of the Lease " + LEASE_NAME);
        }
        Optional<String> leaseNamespace = leaderElection.equalsIgnoreCase("false") ? Optional.empty()
                : operatorNamespace;
        return new OperatorSettings(watchedNamespaces(environment.get(WATCH_NAMESPACES)), leaseNamespace,
                port(environment.get(METRICS_PORT)), proxyImage(environment.get(PROXY_IMAGE)),
                secretSelector(environment.get(SECRET_LABEL_SELECTOR)));
    }

    /** The namespaces named in a comma-separated list, blanks ignored; empty means all. */
    public static Set<String> watchedNamespaces(String list) {
        if (list == null) {
            return Set.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(namespace -> !namespace.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** JOSDK's leader election on the Lease {@value #LEASE_NAME}, when it is on. */
    public Optional<LeaderElectionConfiguration> leaderElection(LeaderCallbacks callbacks) {
        return leaseNamespace.map(namespace -> LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                        LEASE_NAME)
                .withLeaseNamespace(namespace)
                .withLeaderCallbacks(callbacks)
                // A replica that lost the lease exits rather than reconcile next to the new leader.
                .withExitOnStopLeading(true)
                .build());
    }

    private static String proxyImage(String value) {
        return value == null || value.isBlank() ? ProxyObjects.defaultImage() : value.strip();
    }

    private static SecretSelector secretSelector(String value) {
        try {
            return SecretSelector.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SECRET_LABEL_SELECTOR + ": " + e.getMessage(), e);
        }
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_METRICS_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(METRICS_PORT + " must be a port number (1-65535), not '" + value + "'");
    }
}
