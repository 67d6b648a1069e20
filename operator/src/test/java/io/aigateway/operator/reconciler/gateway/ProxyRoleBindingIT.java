package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier (see {@link OperatorITBase}): the chart grants the operator no {@code bind} right, so the API
 * server accepts the proxy's RoleBinding from it only after checking the Role's rules against the operator's own,
 * and refuses it (404) while the Role does not exist yet. The operator writes the Role first, so a new gateway's
 * first reconcile succeeds. The mock checks no rights at all.
 */
class ProxyRoleBindingIT extends OperatorITBase {

    private static final String GATEWAY = "multi-provider";

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
        String proxy = GatewayObjects.proxyName(GATEWAY);
        assertThat(get(RoleBinding.class, proxy).getRoleRef().getName()).isEqualTo(proxy);
    }
}
