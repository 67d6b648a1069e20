package io.aigateway.operator;

import io.aigateway.operator.reconciler.gateway.AIGatewayReconciler;
import io.aigateway.operator.reconciler.key.AIKeyReconciler;
import io.aigateway.operator.reconciler.rule.AIRuleReconciler;
import io.aigateway.operator.reconciler.service.AIServiceReconciler;
import io.aigateway.operator.reconciler.upstream.AIUpstreamReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point: one reconciler per custom resource kind. Watches the namespaces listed in the
 * environment variable {@code WATCH_NAMESPACES} (comma-separated), or every namespace when it is unset or empty.
 */
public final class AIGatewayOperator {

    public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";

    private static final Logger LOG = LoggerFactory.getLogger(AIGatewayOperator.class);

    private AIGatewayOperator() {
    }

    public static void main(String[] args) {
        Set<String> namespaces = watchedNamespaces(System.getenv(WATCH_NAMESPACES));
        Operator operator = new Operator();
        registerAll(operator, Clock.systemUTC(), namespaces);
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
        LOG.info("ai-gateway-operator started, watching {}",
                namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces);
    }

    /** Registers every reconciler of the operator, watching {@code namespaces} (empty: all). */
    public static void registerAll(Operator operator, Clock clock, Set<String> namespaces) {
        register(operator, new AIGatewayReconciler(clock), namespaces);
        register(operator, new AIUpstreamReconciler(clock), namespaces);
        register(operator, new AIServiceReconciler(clock), namespaces);
        register(operator, new AIRuleReconciler(clock), namespaces);
        register(operator, new AIKeyReconciler(clock), namespaces);
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
