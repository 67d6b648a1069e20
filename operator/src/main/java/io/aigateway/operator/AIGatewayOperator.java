package io.aigateway.operator;

import io.aigateway.operator.reconciler.SecretCache;
import io.aigateway.operator.reconciler.SecretSelector;
import io.aigateway.operator.reconciler.gateway.AIGatewayReconciler;
import io.aigateway.operator.reconciler.key.AIKeyReconciler;
import io.aigateway.operator.reconciler.rule.AIRuleReconciler;
import io.aigateway.operator.reconciler.service.AIServiceReconciler;
import io.aigateway.operator.reconciler.upstream.AIUpstreamReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point: one reconciler per custom resource kind, leader election, and its own endpoints
 * (see {@link OperatorSettings} for the environment it reads and {@link OperatorEndpoints} for the endpoints).
 */
public final class AIGatewayOperator {

    private static final Logger LOG = LoggerFactory.getLogger(AIGatewayOperator.class);

    private AIGatewayOperator() {
    }

    public static void main(String[] args) throws IOException {
        OperatorSettings settings = OperatorSettings.from(System.getenv());
        PrometheusMeterRegistry registry = newMeterRegistry();
        // Without leader election this replica is the only one, so it leads from the start.
        AtomicInteger leading = new AtomicInteger(settings.leaseNamespace().isPresent() ? 0 : 1);
        Gauge.builder("aigateway.operator.leader", leading, AtomicInteger::get)
                .description("1 while this operator replica holds the lease and reconciles, 0 while it stands by")
                .register(registry);
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> leading.set(1), () -> leading.set(0),
                leader -> LOG.info("the operator replica {} leads", leader));

        Operator operator = new Operator(overrider -> {
            overrider.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            settings.leaderElection(callbacks).ifPresent(overrider::withLeaderElectionConfiguration);
        });
        registerAll(operator, Clock.systemUTC(), settings.watchedNamespaces(), settings.secretSelector(),
                settings.proxyImage());
        // Up before the operator starts, so that the probes see it starting rather than refusing connections.
        OperatorEndpoints endpoints = OperatorEndpoints.start(new InetSocketAddress(settings.metricsPort()),
                new OperatorHealth(operator), registry);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoints::close, "operator-endpoints-stop"));
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
        LOG.info("ai-gateway-operator started, watching {}; {}; {}; health and metrics on port {}",
                settings.watchedNamespaces().isEmpty() ? "all namespaces"
                        : "namespaces " + settings.watchedNamespaces(),
                settings.leaseNamespace().map(namespace -> "leader election on Lease " + namespace + "/"
                        + OperatorSettings.LEASE_NAME).orElse("no leader election"),
                settings.secretSelector().description().map(labels -> "reading only Secrets labelled " + labels)
                        .orElse("reading every Secret"),
                endpoints.port());
    }

    /** Where the operator's metrics go: JVM and process metrics, and what JOSDK's MicrometerMetrics records. */
    public static PrometheusMeterRegistry newMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Registers every reconciler of the operator, watching {@code namespaces} (empty: all) and reading the Secrets
     * {@code secrets} selects there into one cache they share; gateways that name no proxy image run
     * {@code defaultProxyImage}.
     */
    public static void registerAll(Operator operator, Clock clock, Set<String> namespaces, SecretSelector secrets,
            String defaultProxyImage) {
        SecretCache secretCache = new SecretCache(operator.getKubernetesClient(), namespaces, secrets);
        register(operator, new AIGatewayReconciler(clock, defaultProxyImage, secretCache), namespaces);
        register(operator, new AIUpstreamReconciler(clock, secretCache), namespaces);
        register(operator, new AIServiceReconciler(clock), namespaces);
        register(operator, new AIRuleReconciler(clock), namespaces);
        register(operator, new AIKeyReconciler(clock, secretCache), namespaces);
    }

    private static <P extends HasMetadata> void register(Operator operator, Reconciler<P> reconciler,
            Set<String> namespaces) {
        operator.register(reconciler, (ControllerConfigurationOverrider<P> overrider) -> {
            if (namespaces.isEmpty()) {
                overrider.watchingAllNamespaces();
            } else {
                overrider.settingNamespaces(namespaces);
            }
        });
    }
}
