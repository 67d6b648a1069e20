package io.aigateway.proxy.config;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.LocalKubernetes;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.ProxyIdentity;
import io.aigateway.proxy.support.TwoUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Promise;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: the config source follows the gateway's ConfigMap and Secret on a {@link LocalKubernetes},
 * acting as the proxy's ServiceAccount with the Role the operator builds for it, so its informers' list and watch
 * by name must be what that Role grants.
 */
class KubernetesConfigSourceIT extends TwoUpstreams {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final String GATEWAY = "gw";

    private KubernetesClient admin;
    private String namespace;
    private KubernetesClient proxyClient;

    @BeforeEach
    void actAsTheProxy() {
        admin = KUBE.admin();
        namespace = KUBE.namespace();
        proxyClient = ProxyIdentity.install(KUBE.cluster(), namespace, GATEWAY, List.of("u")).client();
    }

    @AfterEach
    void closeProxyClient() {
        proxyClient.close();
    }

    private RoutingConfig to(FakeUpstream fake) {
        return Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.withCredentials(
                target(fake.name(), fake.port()), new Credentials("u.key", null, null, null))));
    }

    private void applyConfigMap(RoutingConfig config) {
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(GatewayNames.routingConfigMapName(GATEWAY)).endMetadata()
                .addToData(RoutingConfigJson.CONFIG_MAP_KEY, Configs.json(config))
                .build()).createOr(r -> r.update());
    }

    private void applySecret(String key) {
        admin.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(GatewayNames.credentialsSecretName(GATEWAY)).endMetadata()
                .addToData("u.key", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .build()).createOr(r -> r.update());
    }

    private KubernetesConfigSource source() {
        return new KubernetesConfigSource(proxyClient, namespace, GATEWAY);
    }

    @Test
    void shouldFollowConfigMapAndSecretChangesWithoutDroppingAnInFlightRequest() throws Exception {
        applyConfigMap(to(a));
        applySecret("sk-one");
        // Another gateway's ConfigMap in the namespace is none of this proxy's business.
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("other-routing").endMetadata()
                .addToData(RoutingConfigJson.CONFIG_MAP_KEY, "{ not json").build()).create();

        h = ProxyHarness.start(vertx, source());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);
        assertThat(h.chat("gpt-4o").headers().firstValue("X-Selected-Target")).hasValue("a");
        assertThat(a.last().headers().get("Authorization")).isEqualTo("Bearer sk-one");

        // A request in flight on a, held until the config has moved on.
        Promise<Void> release = Promise.promise();
        a.behave((req, body) -> release.future().onComplete(v -> req.response().end(
                FakeUpstream.chatCompletion("slow-a"))));
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return h.chat("gpt-4o");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 2);

        applySecret("sk-two");
        applyConfigMap(to(b));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "b".equals(h.chat("gpt-4o").headers().firstValue("X-Selected-Target").orElse(null)));
        assertThat(b.last().headers().get("Authorization")).isEqualTo("Bearer sk-two");

        release.complete();
        HttpResponse<String> held = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.body()).contains("slow-a");
        assertThat(held.headers().firstValue("X-Selected-Target")).hasValue("a");
        assertThat(h.proxy.refusedConfigs()).isZero();
    }

    @Test
    void shouldKeepTheLastGoodConfigWhenTheConfigMapTurnsBad() throws Exception {
        applyConfigMap(to(a));
        applySecret("sk-one");
        h = ProxyHarness.start(vertx, source());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);

        admin.configMaps().inNamespace(namespace).withName(GatewayNames.routingConfigMapName(GATEWAY)).edit(cm -> {
            cm.getData().put(RoutingConfigJson.CONFIG_MAP_KEY, "{\"schemaVersion\": 2}");
            return cm;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.refusedConfigs() == 1);
        assertThat(h.chat("gpt-4o").headers().firstValue("X-Selected-Target")).hasValue("a");
    }
}
