package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.AiGatewayApi;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.HealthStatusPatch;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier: what a gateway's proxy may do as its ServiceAccount, with the Role and RoleBinding the
 * running operator created for it. Two gateways share a namespace, each with its own upstream; the API server's RBAC
 * authorizer decides, so every refusal is its 403 with its message.
 */
class ProxyServiceAccountIT extends OperatorITBase {

    private static final String ALPHA = "alpha";
    private static final String BETA = "beta";
    private static final String REPLICA = "alpha-proxy-0";

    @Test
    void shouldLetAProxyReadItsOwnConfigAndReportItsUpstreamsHealthAndNothingOfAnotherGateway() {
        apply(gatewayWithUpstream(ALPHA) + "---\n" + gatewayWithUpstream(BETA));
        // Both gateways' objects exist, so every refusal below is the Role's and not a missing object's.
        eventually().untilAsserted(() -> {
            for (String gateway : List.of(ALPHA, BETA)) {
                Role role = get(Role.class, GatewayNames.proxyName(gateway));
                assertThat(role).isNotNull();
                assertThat(role.getRules()).anyMatch(rule -> rule.getResources().contains("aiupstreams/status"));
                assertThat(get(ConfigMap.class, GatewayNames.routingConfigMapName(gateway))).isNotNull();
                assertThat(get(Secret.class, GatewayNames.credentialsSecretName(gateway))).isNotNull();
            }
        });

        try (KubernetesClient alphaProxy = KUBE.cluster().clientAs(namespace, GatewayNames.proxyName(ALPHA))) {
            var alphaUpstream = alphaProxy.resources(AIUpstream.class).inNamespace(namespace)
                    .withName(upstreamName(ALPHA));
            // The authorizer learns of the operator's RBAC objects from its own watch.
            eventually().ignoreException(KubernetesClientException.class)
                    .untilAsserted(() -> assertThat(alphaUpstream.get()).isNotNull());

            assertReadableByName(alphaProxy.configMaps(), GatewayNames.routingConfigMapName(ALPHA));
            assertReadableByName(alphaProxy.secrets(), GatewayNames.credentialsSecretName(ALPHA));
            AIUpstream reported = reportHealth(alphaProxy, alphaUpstream.get());
            assertThat(reported.getStatus().getHealth().replicas()).extracting(ReplicaReport::name)
                    .containsExactly(REPLICA);

            assertForbidden(() -> alphaProxy.secrets().inNamespace(namespace)
                    .withName(GatewayNames.credentialsSecretName(BETA)).get(), "get", "secrets", "");
            assertForbidden(() -> alphaProxy.configMaps().inNamespace(namespace)
                    .withName(GatewayNames.routingConfigMapName(BETA)).get(), "get", "configmaps", "");
            assertForbidden(() -> alphaProxy.resources(AIUpstream.class).inNamespace(namespace)
                    .withName(upstreamName(BETA)).get(), "get", "aiupstreams", AiGatewayApi.GROUP);
            assertForbidden(() -> reportHealth(alphaProxy, get(AIUpstream.class, upstreamName(BETA))),
                    "patch", "aiupstreams/status", AiGatewayApi.GROUP);
            assertForbidden(() -> alphaProxy.secrets().inNamespace(namespace).list(), "list", "secrets", "");
            assertForbidden(() -> alphaUpstream.patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\": {\"algorithm\": \"weighted\"}}"), "patch", "aiupstreams", AiGatewayApi.GROUP);
        }
    }

    /** Get by name, list and watch by a metadata.name field selector, as the proxy's informers do. */
    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void assertReadableByName(
            MixedOperation<T, L, Resource<T>> objects, String name) {
        var named = objects.inNamespace(namespace).withName(name);
        assertThat(named.get()).isNotNull();
        assertThat(objects.inNamespace(namespace).withField("metadata.name", name).list().getItems())
                .extracting(object -> object.getMetadata().getName()).containsExactly(name);
        // A watch from no resourceVersion starts with the objects that exist.
        Set<String> added = ConcurrentHashMap.newKeySet();
        Watch watch = named.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, T object) {
                if (action == Action.ADDED) {
                    added.add(object.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // The watch only has to open and list: its end is of no interest.
            }
        });
        try {
            eventually().until(() -> added.contains(name));
        } finally {
            watch.close();
        }
    }

    /**
     * Patches the health of one replica for every target into the upstream's status, as a proxy does: on the object
     * read, so that the patch is the only request.
     */
    private AIUpstream reportHealth(KubernetesClient proxy, AIUpstream upstream) {
        Instant now = Instant.now();
        List<String> targets = upstream.getSpec().getTargets().stream().map(TargetSpec::getName).toList();
        ReplicaReport report = new ReplicaReport(REPLICA, HealthAggregation.format(now), targets.stream()
                .map(target -> new TargetReport(target, true, null, 0, HealthAggregation.format(now))).toList());
        UpstreamHealth health = HealthAggregation.merge(UpstreamHealth.EMPTY, report, targets);
        return proxy.resources(AIUpstream.class).inNamespace(namespace).resource(upstream).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), HealthStatusPatch.setting(
                        upstream.getMetadata().getResourceVersion(), upstream.getStatus() != null, health));
    }

    /** Refused by the RBAC authorizer, with its own message. */
    private void assertForbidden(ThrowingCallable call, String verb, String resource, String apiGroup) {
        String refusal = ("User \"system:serviceaccount:%s:%s\" cannot %s resource \"%s\" in API group \"%s\""
                + " in the namespace \"%s\"").formatted(namespace, GatewayNames.proxyName(ALPHA), verb, resource,
                apiGroup, namespace);
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).contains(refusal);
        });
    }

    private static String upstreamName(String gateway) {
        return gateway + "-models";
    }

    /** A gateway whose one rule routes to an upstream of its own. */
    private static String gatewayWithUpstream(String gateway) {
        return """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: %1$s
                spec: {}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: %2$s
                spec:
                  algorithm: round-robin
                  targets:
                    - name: openai
                      provider: openai
                      credentials:
                        apiKey: {name: %1$s-provider-key, key: openai}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIService
                metadata:
                  name: %1$s-chat
                spec:
                  type: upstream
                  upstreamRef: {name: %2$s}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata:
                  name: %1$s-chat
                spec:
                  gatewayRef: {name: %1$s}
                  serviceRef: {name: %1$s-chat}
                  path: /v1
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %1$s-provider-key
                stringData:
                  openai: sk-%1$s
                """.formatted(gateway, upstreamName(gateway));
    }
}
