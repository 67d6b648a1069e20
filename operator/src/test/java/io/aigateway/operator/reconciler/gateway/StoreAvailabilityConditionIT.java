package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.usage.StoreReplicaReport;
import io.aigateway.model.usage.StoreReports;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier (see {@link OperatorITBase}): the gateway's {@code RateLimitStoreAvailable} condition follows
 * the proxies' reports in {@code status.rateLimitStore} as they flip, although they change no generation; the
 * operator's own status writes keep the reports.
 */
class StoreAvailabilityConditionIT extends OperatorITBase {

    private static final String CONDITION = "RateLimitStoreAvailable";
    /** The proxies' field manager (HealthReporter.FIELD_MANAGER in the proxy). */
    private static final PatchContext AS_A_PROXY = new PatchContext.Builder().withPatchType(PatchType.JSON)
            .withFieldManager("aigw-proxy").build();

    @BeforeEach
    void createGateway() {
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: gw
                spec:
                  rateLimitStore:
                    type: redis
                    address: redis://redis.cache.svc:6379
                    failMode: closed
                """);
        eventually().until(() -> conditions(AIGateway.class, "gw").containsKey("Ready"));
        awaitQuiet();
    }

    @Test
    void shouldFollowTheProxiesReportsAndDropTheConditionForTheLocalStore() {
        assertThat(conditions(AIGateway.class, "gw")).as("no report yet").doesNotContainKey(CONDITION);

        report(new StoreReplicaReport("gw-a", now(), true), new StoreReplicaReport("gw-b", now(), false));
        eventually().untilAsserted(() -> {
            Condition condition = conditions(AIGateway.class, "gw").get(CONDITION);
            assertThat(condition).isNotNull();
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("RateLimitStoreUnreachable");
            assertThat(condition.getMessage()).startsWith("1 of 2 reporting proxy replicas cannot reach "
                    + "redis://redis.cache.svc:6379").contains("failMode closed, they answer 503");
        });

        report(new StoreReplicaReport("gw-a", now(), true), new StoreReplicaReport("gw-b", now(), true));
        eventually().untilAsserted(() -> {
            Condition condition = conditions(AIGateway.class, "gw").get(CONDITION);
            assertThat(condition.getStatus()).isEqualTo("True");
            assertThat(condition.getReason()).isEqualTo("RateLimitStoreReachable");
        });

        edit(AIGateway.class, "gw", g -> {
            g.getSpec().getRateLimitStore().setType("local");
            g.getSpec().getRateLimitStore().setAddress(null);
            g.getSpec().getRateLimitStore().setFailMode(null);
            return g;
        });
        eventually().untilAsserted(() -> {
            AIGateway gateway = get(AIGateway.class, "gw");
            assertThat(gateway.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(conditions(AIGateway.class, "gw")).doesNotContainKey(CONDITION);
            assertThat(gateway.getStatus().getRateLimitStore().replicas()).as("the proxies' field, kept")
                    .extracting(StoreReplicaReport::name).containsExactly("gw-a", "gw-b");
        });
    }

    /** Writes the reports as a proxy does: a JSON patch of status.rateLimitStore, locked on the version read. */
    private void report(StoreReplicaReport... replicas) {
        AIGateway current = get(AIGateway.class, "gw");
        client.resources(AIGateway.class).inNamespace(namespace).resource(current).subresource("status")
                .patch(AS_A_PROXY, new StoreReports(List.of(replicas)).patch(current.getMetadata()
                        .getResourceVersion(), current.getStatus() != null));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
