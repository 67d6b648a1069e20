package io.aigateway.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.kubetest.ChartIdentity;
import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigShards;
import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.ScaleGateway;
import io.aigateway.operator.reconciler.SecretSelector;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real API server tier, at the promised scale: one gateway of 1,000 upstreams (3 targets each), 1,000 services and
 * rules and 10,000 keys is compiled by the operator (as the chart's ServiceAccount), written as shards and a
 * manifest, and served: a {@link KubernetesConfigSource} acting as the proxy's ServiceAccount, with the Role the
 * operator wrote, assembles it, and a request with one of the 10,000 keys on one of the 1,000 rules reaches that
 * rule's upstream's target, a fake provider on 127.0.0.1.
 */
class GatewayAtScaleIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAtScaleIT.class);
    private static final int UPSTREAMS = 1_000;
    private static final int KEYS = 10_000;

    private Vertx vertx;
    private FakeUpstream provider;
    private KubernetesClient admin;
    private String namespace;
    private KubernetesClient operatorClient;
    private Operator operator;
    private ProxyHarness proxy;
    private KubernetesClient proxyClient;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        provider = FakeUpstream.start(vertx, "provider");
        admin = KUBE.admin();
        namespace = KUBE.namespace();
        Crds.applyCommitted(admin);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (proxyClient != null) {
            proxyClient.close();
        }
        if (operator != null) {
            operator.stop();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCompileWriteAndServeAGatewayOfAThousandUpstreamsAndTenThousandKeys() throws Exception {
        ScaleGateway scale = ScaleGateway.generate(namespace, UPSTREAMS, KEYS,
                "http://127.0.0.1:" + provider.port() + "/v1");
        long created = System.nanoTime();
        createAll(scale.all());
        LOG.info("Created {} resources in {} ms", scale.all().size(), millisSince(created));

        long started = System.nanoTime();
        startOperator();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            AIGateway gateway = admin.resources(AIGateway.class).inNamespace(namespace).withName(ScaleGateway.NAME)
                    .get();
            return gateway.getStatus() != null && gateway.getStatus().getKeys() != null
                    && gateway.getStatus().getKeys() == KEYS && gateway.getStatus().getRoutes() == UPSTREAMS;
        });
        LOG.info("Operator started and wrote the gateway's config in {} ms", millisSince(started));

        ConfigMap manifest = admin.configMaps().inNamespace(namespace)
                .withName(GatewayNames.routingConfigMapName(ScaleGateway.NAME)).get();
        RoutingConfigShards.Manifest listed = RoutingConfigShards.Manifest.fromJson(
                manifest.getData().get(RoutingConfigShards.MANIFEST_KEY));
        List<ConfigMap> shards = admin.configMaps().inNamespace(namespace)
                .withLabel(GatewayObjects.ROUTING_SHARD_LABEL).list().getItems();
        assertThat(shards).extracting(shard -> shard.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(listed.shards().stream().map(RoutingConfigShards.Shard::name)
                        .toList());
        assertThat(shards).allSatisfy(shard -> {
            assertThat(shard.getMetadata().getOwnerReferences()).extracting(ref -> ref.getName())
                    .containsExactly(ScaleGateway.NAME);
            assertThat(shard.getBinaryData().get(RoutingConfigShards.SHARD_KEY).length()).isLessThan(512 * 1024);
        });
        LOG.info("Written as {} shards of {} base64 characters in all", shards.size(), shards.stream()
                .mapToInt(shard -> shard.getBinaryData().get(RoutingConfigShards.SHARD_KEY).length()).sum());

        long served = System.nanoTime();
        proxyClient = KUBE.cluster().clientAs(namespace, GatewayNames.proxyName(ScaleGateway.NAME));
        proxy = ProxyHarness.start(vertx, new KubernetesConfigSource(proxyClient, namespace, ScaleGateway.NAME));
        await().atMost(Duration.ofSeconds(60)).until(() -> proxy.proxy.currentConfig() != null);
        LOG.info("Proxy assembled and built the config in {} ms", millisSince(served));
        assertThat(proxy.proxy.currentConfig().revision()).isEqualTo(listed.revision());

        int rule = 737;
        int key = 7_777;
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + proxy.proxy.port() + ScaleGateway.rulePath(rule))
                .apiKey(ScaleGateway.clientKey(key))
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        HttpResponseFor<ChatCompletion> answer = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.parse().choices()).isNotEmpty();
        assertThat(answer.headers().values("X-Selected-Target")).singleElement()
                .isIn("primary", "secondary");
        assertThat(provider.received()).hasSize(1);
        assertThat(provider.last().headers().get("Authorization")).isEqualTo("Bearer sk-scale-provider-key");
    }

    /** Creates the resources from 8 threads, as the API server's latency, not its throughput, bounds one thread. */
    private void createAll(List<HasMetadata> resources) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(8);
        try {
            List<Future<HasMetadata>> created = resources.stream()
                    .map(resource -> creators.submit(() -> admin.resource(resource).create())).toList();
            for (Future<HasMetadata> one : created) {
                one.get(2, TimeUnit.MINUTES);
            }
        } finally {
            creators.shutdownNow();
        }
    }

    private void startOperator() {
        ChartIdentity identity = ChartIdentity.install(KUBE.cluster(), "watchNamespaces: [" + namespace + "]\n");
        operatorClient = new KubernetesClientBuilder().withConfig(identity.operatorConfig(KUBE.cluster())).build();
        operator = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false));
        AIGatewayOperator.registerAll(operator, Clock.systemUTC(), Set.of(namespace), SecretSelector.ALL,
                "registry.example/aigw:it");
        operator.start();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
