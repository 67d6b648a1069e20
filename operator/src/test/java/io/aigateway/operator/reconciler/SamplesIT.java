package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.ClientKey;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.compiler.ClientKeys;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Applies each sample as a user would and checks what the operator makes of it. */
class SamplesIT extends OperatorITBase {

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "weighted", "priority-fallback"})
    void shouldCompileSampleIntoRoutingConfigMapWithEveryResourceAcceptedAndResolved(String sample) {
        List<HasMetadata> resources = applySample(sample);
        AIGateway gateway = only(resources, AIGateway.class);
        String gatewayName = gateway.getMetadata().getName();
        setProxyAvailable(gatewayName, 2);

        eventually().untilAsserted(() -> {
            for (HasMetadata resource : resources) {
                if (resource instanceof CustomResource<?, ?> custom) {
                    assertAcceptedAndResolved(custom);
                }
            }
            assertThat(conditions(AIGateway.class, gatewayName).get("Ready"))
                    .satisfies(ready -> assertThat(ready.getStatus()).as("Ready").isEqualTo("True"));
        });

        ConfigMap configMap = get(ConfigMap.class, GatewayNames.routingConfigMapName(gatewayName));
        assertThat(configMap.getMetadata().getLabels()).containsAllEntriesOf(GatewayObjects.labels(gatewayName));
        assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo(gatewayName));
        RoutingConfig config = RoutingConfigJson.read(configMap.getData().get(RoutingConfigJson.CONFIG_MAP_KEY));
        assertThat(config.gateway()).isEqualTo(gatewayName);
        assertThat(config.namespace()).isEqualTo(namespace);
        assertThat(config.routes()).extracting(Route::rule)
                .containsExactlyInAnyOrderElementsOf(names(resources, AIRule.class));
        assertThat(config.clientKeys()).extracting(ClientKey::name)
                .containsExactlyInAnyOrderElementsOf(names(resources, AIKey.class));
        assertThat(config.upstreams()).hasSize(names(resources, AIUpstream.class).size());

        AIGateway reconciled = get(AIGateway.class, gatewayName);
        assertThat(reconciled.getStatus().getConfigRevision()).isEqualTo(config.revision());
        assertThat(reconciled.getStatus().getRoutes()).isEqualTo(config.routes().size());
        assertThat(reconciled.getStatus().getKeys()).isEqualTo(config.clientKeys().size());
        assertThat(reconciled.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                .singleElement().extracting(Condition::getMessage).asString()
                .contains(config.revision(), configMap.getMetadata().getName());

        Secret credentials = get(Secret.class, GatewayNames.credentialsSecretName(gatewayName));
        assertThat(credentials).as("credentials Secret").isNotNull();
        assertThat(credentials.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo(gatewayName));
        assertThat(credentials.getData()).isNotEmpty();
        assertThat(configMap.getData().get(RoutingConfigJson.CONFIG_MAP_KEY))
                .as("the ConfigMap holds no credential")
                .doesNotContain(Snapshot.decode(credentials).values());

        for (AIUpstream upstream : ofType(resources, AIUpstream.class)) {
            AIUpstream status = get(AIUpstream.class, upstream.getMetadata().getName());
            assertThat(status.getStatus().getTargetCount()).isEqualTo(upstream.getSpec().getTargets().size());
            assertThat(status.getStatus().getTargets()).hasSize(upstream.getSpec().getTargets().size());
        }
        for (AIKey aiKey : ofType(resources, AIKey.class)) {
            AIKey status = get(AIKey.class, aiKey.getMetadata().getName());
            String secretName = Indexes.keySecretRef(aiKey).getName();
            String value = Snapshot.decode(get(Secret.class, secretName)).get(Indexes.keySecretRef(aiKey).getKey());
            assertThat(status.getStatus().getSecretName()).isEqualTo(secretName);
            assertThat(status.getStatus().getFingerprint()).isEqualTo(ClientKeys.fingerprint(value));
            assertThat(config.clientKeys()).filteredOn(k -> k.name().equals(aiKey.getMetadata().getName()))
                    .singleElement().extracting(ClientKey::sha256).isEqualTo(ClientKeys.sha256Hex(value));
        }
    }

    private void assertAcceptedAndResolved(CustomResource<?, ?> resource) {
        @SuppressWarnings("unchecked")
        var type = (Class<? extends CustomResource<?, ? extends ConditionedStatus>>) resource.getClass();
        String name = resource.getMetadata().getName();
        Map<String, Condition> conditions = conditions(type, name);
        assertThat(conditions.get("Accepted")).as("%s %s Accepted in %s", resource.getKind(), name, conditions.values())
                .isNotNull().extracting(Condition::getStatus).isEqualTo("True");
        assertThat(conditions.get("ResolvedRefs"))
                .as("%s %s ResolvedRefs in %s", resource.getKind(), name, conditions.values())
                .isNotNull().extracting(Condition::getStatus).isEqualTo("True");
        assertThat(conditions.values()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(get(type, name).getMetadata().getGeneration());
            assertThat(c.getLastTransitionTime()).isNotBlank();
            assertThat(c.getReason()).isNotBlank();
        });
        assertThat(get(type, name).getStatus().getObservedGeneration())
                .isEqualTo(get(type, name).getMetadata().getGeneration());
    }

    private static <R extends HasMetadata> List<R> ofType(List<HasMetadata> resources, Class<R> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> names(List<HasMetadata> resources, Class<? extends HasMetadata> type) {
        return ofType(resources, type).stream().map(r -> r.getMetadata().getName()).toList();
    }

    private static <R extends HasMetadata> R only(List<HasMetadata> resources, Class<R> type) {
        List<R> all = ofType(resources, type);
        assertThat(all).as("the sample's %s", type.getSimpleName()).hasSize(1);
        return all.get(0);
    }

}
