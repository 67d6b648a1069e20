package io.aigateway.proxy.config;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.kubetest.LocalKubernetes;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.Algorithm;
import io.aigateway.model.ClientKey;
import io.aigateway.model.Credentials;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigShards;
import io.aigateway.proxy.auth.ClientKeyIndex;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.LogCapture;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.ProxyIdentity;
import io.aigateway.proxy.support.TwoUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: a config too large for one ConfigMap, written as shards and a manifest, is served only as a
 * whole revision. Shards of a new revision change nothing until its manifest arrives; a manifest whose shards are
 * not all there, or not with its digests, leaves the revision served as it is. The source acts as the proxy's
 * ServiceAccount, which may get the shards only by name.
 */
class ShardedConfigSourceIT extends TwoUpstreams {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final String GATEWAY = "gw";
    /** Enough client keys (hex digests, which gzip shrinks by half at most) for a config of several shards. */
    private static final int KEYS = 12_000;

    private KubernetesClient admin;
    private String namespace;
    private KubernetesClient proxyClient;
    private Revision toA;
    private Revision toB;

    /** A config, its shards as the operator writes them and the manifest listing them. */
    private record Revision(RoutingConfig config, List<byte[]> shards, RoutingConfigShards.Manifest manifest) {
        static Revision of(RoutingConfig config) {
            List<byte[]> shards = RoutingConfigShards.split(Configs.json(config));
            return new Revision(config, shards, RoutingConfigShards.manifest(GATEWAY, config.revision(), shards));
        }

        List<String> shardNames() {
            return manifest.shards().stream().map(RoutingConfigShards.Shard::name).toList();
        }
    }

    @BeforeEach
    void actAsTheProxyOfTwoShardedRevisions() {
        admin = KUBE.admin();
        namespace = KUBE.namespace();
        toA = Revision.of(to(a));
        toB = Revision.of(to(b));
        assertThat(toA.shards()).hasSizeGreaterThan(1);
        proxyClient = ProxyIdentity.install(KUBE.cluster(), namespace, GATEWAY, List.of("u"),
                Stream.concat(toA.shardNames().stream(), toB.shardNames().stream()).toList()).client();
        admin.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(GatewayNames.credentialsSecretName(GATEWAY)).endMetadata()
                .addToData("u.key", Base64.getEncoder().encodeToString("sk-provider".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    @AfterEach
    void closeProxyClient() {
        proxyClient.close();
    }

    private static RoutingConfig to(FakeUpstream fake) {
        RoutingConfig simple = Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.withCredentials(
                target(fake.name(), fake.port()), new Credentials("u.key", null, null, null))));
        List<ClientKey> keys = new ArrayList<>(simple.clientKeys());
        for (int i = 0; i < KEYS; i++) {
            keys.add(new ClientKey("key-" + i, ClientKeyIndex.sha256Hex("key-" + fake.name() + "-" + i), null));
        }
        return new RoutingConfig(simple.schemaVersion(), "rev-" + fake.name(), simple.gateway(), simple.namespace(),
                simple.hostnames(), simple.clientKeyHeaders(), simple.maxRequestBodyBytes(), simple.routes(),
                simple.services(), simple.upstreams(), keys, simple.clientTimeouts());
    }

    private void writeShard(Revision revision, int index) {
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(revision.manifest().shards().get(index).name()).endMetadata()
                .addToBinaryData(RoutingConfigShards.SHARD_KEY,
                        Base64.getEncoder().encodeToString(revision.shards().get(index)))
                .build()).create();
    }

    private void writeShards(Revision revision) {
        for (int i = 0; i < revision.shards().size(); i++) {
            writeShard(revision, i);
        }
    }

    private void writeManifest(RoutingConfigShards.Manifest manifest) {
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(GatewayNames.routingConfigMapName(GATEWAY)).endMetadata()
                .addToData(RoutingConfigShards.MANIFEST_KEY, manifest.toJson())
                .build()).createOr(r -> r.update());
    }

    private String served() {
        return h.proxy.currentConfig().revision();
    }

    /** Sends one chat completion with the official SDK; the fake upstream that answers tells the revision. */
    private void chat(OpenAIClient client) {
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").build());
    }

    @Test
    void shouldSwitchOnlyToARevisionWhoseManifestListsShardsThatAreAllThere() throws Exception {
        writeShards(toA);
        writeManifest(toA.manifest());
        h = ProxyHarness.start(vertx, new KubernetesConfigSource(proxyClient, namespace, GATEWAY));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.proxy.currentConfig() != null);
        assertThat(served()).isEqualTo("rev-a");
        OpenAIClient client = OpenAiSdk.client(h.proxy.port());
        chat(client);
        assertThat(a.received()).hasSize(1);
        assertThat(a.last().headers().get("Authorization")).isEqualTo("Bearer sk-provider");

        // B's shards but its first: nothing lists them yet; then B's manifest, which lists one missing.
        for (int i = 1; i < toB.shards().size(); i++) {
            writeShard(toB, i);
        }
        try (LogCapture logs = LogCapture.start()) {
            writeManifest(toB.manifest());
            // Longer than the source's retry after an incomplete manifest.
            Thread.sleep(3_000);
            assertThat(logs.text().lines().filter(l -> l.contains("Cannot assemble the config")))
                    .as("warned once for this manifest, not at every retry").hasSize(1);
        }
        assertThat(served()).isEqualTo("rev-a");
        chat(client);
        assertThat(a.received()).hasSize(2);
        assertThat(b.received()).isEmpty();

        // The missing shard arrives: the source reads it on its retry, without another change of the manifest.
        writeShard(toB, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> served().equals("rev-b"));
        chat(client);
        assertThat(b.received()).hasSize(1);

        // A manifest listing A's shards with a digest that is not theirs is never assembled.
        List<RoutingConfigShards.Shard> wrong = new ArrayList<>(toA.manifest().shards());
        wrong.set(0, new RoutingConfigShards.Shard(wrong.get(0).name(), wrong.get(1).sha256()));
        writeManifest(new RoutingConfigShards.Manifest("rev-a", wrong));
        Thread.sleep(3_000);
        assertThat(served()).isEqualTo("rev-b");
        assertThat(h.proxy.refusedConfigs()).isZero();
    }
}
