package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier (see {@link OperatorITBase}): a gateway's reconcile fails, to be retried, only when the API
 * server refuses one of its writes. The chart grants the operator no {@code bind} right, so the server accepts the
 * proxy's RoleBinding from it only after checking the Role's rules against the operator's own, and answers 404 while
 * the Role does not exist yet: only the real server checks rights.
 */
class GatewayReconcileFailuresIT extends OperatorITBase {

    private static final String GATEWAY = "multi-provider";

    /** The AIGateway reconciles that failed: JOSDK records one when it schedules its retry. */
    private final List<String> failedGatewayReconciles = new CopyOnWriteArrayList<>();

    @Override
    protected Metrics metrics() {
        return new AggregatedMetrics(List.of(super.metrics(), new Metrics() {
            @Override
            public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
                if (resource instanceof AIGateway) {
                    failedGatewayReconciles.add(resource.getMetadata().getName() + ": " + exception);
                }
            }
        }));
    }

    @Test
    void shouldWriteANewGatewaysRoleBindingInItsFirstReconcile() {
        List<Condition> readyConditions = new CopyOnWriteArrayList<>();
        // Every state the gateway goes through, as kubectl get --watch shows them: a failed write is in a status.
        try (Watch watch = client.resources(AIGateway.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, AIGateway gateway) {
                if (gateway.getStatus() != null) {
                    gateway.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                            .forEach(readyConditions::add);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            applySample("round-robin");
            setProxyAvailable(GATEWAY, 1);
            eventually().untilAsserted(() -> assertThat(readyConditions).last().extracting(Condition::getStatus)
                    .isEqualTo("True"));
        }

        assertThat(readyConditions).as("the gateway's Ready conditions: %s", readyConditions)
                .extracting(Condition::getReason)
                .doesNotContain(Reason.WRITE_FAILED.value());
        String proxy = GatewayNames.proxyName(GATEWAY);
        assertThat(get(RoleBinding.class, proxy).getRoleRef().getName()).isEqualTo(proxy);
    }

    @Test
    void shouldNotFailTheReconcileOfAGatewayWhoseConfigIsNotWritten() {
        applySample("round-robin");
        edit(AIGateway.class, GATEWAY, gateway -> {
            gateway.getSpec().setHostnames(List.of("not a host name!"));
            return gateway;
        });

        eventually().untilAsserted(() -> assertThat(conditions(AIGateway.class, GATEWAY).get("Accepted"))
                .isNotNull().extracting(Condition::getReason).isEqualTo("InvalidHostname"));
        awaitQuiet();
        assertThat(failedGatewayReconciles).as("failed reconciles of the gateway").isEmpty();
    }
}
