package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real API server tier (see {@link OperatorITBase}): what goes when a user deletes an AIGateway or an AIKey is
 * decided by the garbage collector of kube-controller-manager from the owner references the operator wrote, which
 * the mock has no part of. Each object the operator made for the deleted resource must be gone, not just marked,
 * and nothing the user made may go with it.
 */
class GarbageCollectionIT extends OperatorITBase {

    private static final String GATEWAY = "weighted";
    private static final String GENERATED_KEY = "weighted-clients";
    private static final String GENERATED_KEY_SECRET = GatewayObjects.generatedKeySecretName(GENERATED_KEY);

    /** The sample's own resources, made by the user, which survive the gateway. */
    private static final List<Ref> USERS_OBJECTS = List.of(
            new Ref(Secret.class, "weighted-provider-keys"),
            new Ref(AIUpstream.class, "weighted-upstream"),
            new Ref(AIService.class, "load-balanced"),
            new Ref(AIRule.class, "ai"),
            new Ref(AIKey.class, GENERATED_KEY));

    /**
     * Background is {@code kubectl delete}'s default; foreground is how Argo CD deletes, the gateway staying, marked,
     * until the collector removed its objects.
     */
    @ParameterizedTest
    @EnumSource(value = DeletionPropagation.class, names = {"BACKGROUND", "FOREGROUND"})
    void shouldCollectEveryGatewayObjectAndNothingElseWhenTheAIGatewayIsDeleted(DeletionPropagation propagation) {
        applySample(GATEWAY);
        List<Ref> gatewayObjects = gatewayObjects(GATEWAY);
        eventually().untilAsserted(() -> {
            assertThat(gatewayObjects).allSatisfy(ref -> assertThat(get(ref)).as(ref.toString()).isNotNull());
            assertThat(get(Secret.class, GENERATED_KEY_SECRET)).as("generated key Secret").isNotNull();
        });

        client.resources(AIGateway.class).inNamespace(namespace).withName(GATEWAY)
                .withPropagationPolicy(propagation).delete();

        eventually().untilAsserted(() -> {
            assertThat(get(AIGateway.class, GATEWAY)).as("the AIGateway").isNull();
            assertThat(gatewayObjects).allSatisfy(ref -> assertThat(get(ref)).as(ref.toString()).isNull());
        });
        // The collector has handled the gateway's deletion: what it left, it keeps.
        assertThat(USERS_OBJECTS).allSatisfy(ref -> assertThat(get(ref)).as(ref.toString()).isNotNull());
        assertThat(get(Secret.class, GENERATED_KEY_SECRET)).as("the key Secret, owned by the AIKey, not the gateway")
                .isNotNull();
    }

    @Test
    void shouldCollectTheGeneratedKeySecretAndNotTheUsersOneWhenTheAIKeysAreDeleted() {
        applySample(GATEWAY);
        apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: partner-client-key
                stringData:
                  key: aigw-chosen-by-hand
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata:
                  name: partner
                spec:
                  gatewayRef: {name: weighted}
                  secretRef: {name: partner-client-key, key: key}
                """);
        eventually().untilAsserted(() -> {
            // The gateway's objects too: the last check below would otherwise catch one not yet written.
            assertThat(gatewayObjects(GATEWAY)).allSatisfy(ref -> assertThat(get(ref)).as(ref.toString()).isNotNull());
            assertThat(get(Secret.class, GENERATED_KEY_SECRET)).as("generated key Secret").isNotNull();
            assertThat(conditions(AIKey.class, "partner").get("ResolvedRefs")).as("partner's ResolvedRefs")
                    .isNotNull().satisfies(resolved -> assertThat(resolved.getStatus()).isEqualTo("True"));
        });

        // Deleted first, and seen by the collector through the same informer: handled before the other key's Secret.
        client.resources(AIKey.class).inNamespace(namespace).withName("partner").delete();
        client.resources(AIKey.class).inNamespace(namespace).withName(GENERATED_KEY).delete();

        eventually().untilAsserted(() -> {
            assertThat(get(AIKey.class, GENERATED_KEY)).as("the AIKey").isNull();
            assertThat(get(Secret.class, GENERATED_KEY_SECRET)).as("generated key Secret").isNull();
        });
        Secret users = get(Secret.class, "partner-client-key");
        assertThat(users).as("the user's key Secret").isNotNull();
        assertThat(users.getMetadata().getOwnerReferences()).as("owners of the user's key Secret").isEmpty();
        assertThat(gatewayObjects(GATEWAY)).allSatisfy(ref -> assertThat(get(ref)).as(ref.toString()).isNotNull());
    }

    /** The seven objects the operator writes for a gateway. */
    private static List<Ref> gatewayObjects(String gateway) {
        String proxy = GatewayNames.proxyName(gateway);
        return List.of(
                new Ref(ConfigMap.class, GatewayNames.routingConfigMapName(gateway)),
                new Ref(Secret.class, GatewayNames.credentialsSecretName(gateway)),
                new Ref(Deployment.class, proxy),
                new Ref(Service.class, GatewayNames.serviceName(gateway)),
                new Ref(ServiceAccount.class, proxy),
                new Ref(Role.class, proxy),
                new Ref(RoleBinding.class, proxy));
    }

    /** An object of the test's namespace by kind and name. */
    private record Ref(Class<? extends HasMetadata> type, String name) {

        @Override
        public String toString() {
            return HasMetadata.getKind(type) + " " + name;
        }
    }

    private HasMetadata get(Ref ref) {
        return get(ref.type(), ref.name());
    }
}
