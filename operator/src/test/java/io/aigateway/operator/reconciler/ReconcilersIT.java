package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.ClientKey;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.Upstream;
import io.aigateway.model.usage.KeyUsage;
import io.aigateway.model.usage.WindowUsage;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ProxySpec;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreSpec;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.compiler.ClientKeys;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the reconcilers follow changes, on the round-robin and weighted samples. */
class ReconcilersIT extends OperatorITBase {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilersIT.class);

    private static final String GATEWAY = "multi-provider";
    private static final String ROUTING = GatewayNames.routingConfigMapName(GATEWAY);
    /** How soon the gateways follow a key or rule moved between them. */
    private static final Duration MOVE_BOUND = Duration.ofSeconds(10);

    @Test
    void shouldCopyChangedProviderKeyIntoCredentialsSecret() {
        applySampleAndAwaitReady("round-robin", 1);
        Map<String, String> before = Snapshot.decode(get(Secret.class, GatewayNames.credentialsSecretName(GATEWAY)));
        assertThat(before).containsValue("sk-replace-me-openai");

        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            secret.setData(Map.of());
            secret.setStringData(Map.of("openai", "sk-rotated-openai", "anthropic", "sk-ant-replace-me"));
            return secret;
        });

        eventually().untilAsserted(() -> assertThat(
                Snapshot.decode(get(Secret.class, GatewayNames.credentialsSecretName(GATEWAY))))
                .containsValue("sk-rotated-openai")
                .doesNotContainValue("sk-replace-me-openai"));
    }

    @Test
    void shouldReportServiceNotFoundAndAnswer503OnTheRouteWhenServiceIsDeleted() {
        applySampleAndAwaitReady("round-robin", 1);

        client.resources(AIService.class).inNamespace(namespace).withName("ai-chat").delete();

        eventually().untilAsserted(() -> {
            Condition resolved = conditions(AIRule.class, "chat").get("ResolvedRefs");
            assertThat(resolved.getStatus()).isEqualTo("False");
            assertThat(resolved.getReason()).isEqualTo("ServiceNotFound");
            assertThat(resolved.getMessage()).contains("ai-chat");
            assertThat(routingConfig(GATEWAY).routes()).singleElement().satisfies(route -> {
                assertThat(route.rule()).isEqualTo("chat");
                assertThat(route.unavailable()).contains("AIService 'ai-chat' does not exist");
            });
            assertThat(routingConfig(GATEWAY).services()).isEmpty();
        });
    }

    @Test
    void shouldReachConfigMapWithinOneSecondOfRuleChange() {
        applySampleAndAwaitReady("round-robin", 1);
        awaitQuiet();

        long changed = System.nanoTime();
        edit(AIRule.class, "chat", rule -> {
            rule.getSpec().setPath("/v2");
            return rule;
        });

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(routingConfig(GATEWAY).routes()).extracting(Route::path)
                        .containsExactly("/v2"));
        LOG.info("the routing ConfigMap followed the AIRule change in {} ms",
                Duration.ofNanos(System.nanoTime() - changed).toMillis());
    }

    @Test
    void shouldGenerateClientKeySecretOnceAndNeverRewriteIt() {
        applySampleAndAwaitReady("weighted", 1);
        String secretName = GatewayObjects.generatedKeySecretName("weighted-clients");
        Secret generated = get(Secret.class, secretName);
        String key = Snapshot.decode(generated).get(GatewayObjects.GENERATED_KEY_DATA_KEY);
        assertThat(key).startsWith("aigw-").hasSizeGreaterThan(40);
        assertThat(generated.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("AIKey");
                    assertThat(owner.getName()).isEqualTo("weighted-clients");
                });
        AIKey aiKey = get(AIKey.class, "weighted-clients");
        assertThat(aiKey.getStatus().getSecretName()).isEqualTo(secretName);
        assertThat(aiKey.getStatus().getFingerprint()).isEqualTo(ClientKeys.fingerprint(key));
        assertThat(client.getKubernetesSerialization().asJson(aiKey)).doesNotContain(key);
        assertThat(routingConfig("weighted").clientKeys()).extracting(ClientKey::sha256)
                .containsExactly(ClientKeys.sha256Hex(key));

        // A spec change makes the AIKey reconcile again; the Secret must stay as it is.
        edit(AIKey.class, "weighted-clients", k -> {
            k.getSpec().setExpiresAt("2031-01-01T00:00:00Z");
            return k;
        });
        eventually().untilAsserted(() -> assertThat(get(AIKey.class, "weighted-clients").getStatus()
                .getObservedGeneration()).isEqualTo(2L));

        Secret after = get(Secret.class, secretName);
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(generated.getMetadata().getResourceVersion());
        assertThat(Snapshot.decode(after)).isEqualTo(Snapshot.decode(generated));
    }

    @Test
    void shouldUseExistingGeneratedSecretWithoutRewritingIt() {
        apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: preset-client-key
                stringData:
                  key: aigw-chosen-by-hand
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: preset-gw
                spec: {}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata:
                  name: preset
                spec:
                  gatewayRef: {name: preset-gw}
                """);
        Secret preset = get(Secret.class, "preset-client-key");

        eventually().untilAsserted(() -> {
            AIKey aiKey = get(AIKey.class, "preset");
            assertThat(aiKey.getStatus()).isNotNull();
            assertThat(aiKey.getStatus().getFingerprint()).isEqualTo(ClientKeys.fingerprint("aigw-chosen-by-hand"));
            assertThat(routingConfig("preset-gw").clientKeys()).extracting(ClientKey::sha256)
                    .containsExactly(ClientKeys.sha256Hex("aigw-chosen-by-hand"));
        });
        assertThat(get(Secret.class, "preset-client-key").getMetadata().getResourceVersion())
                .isEqualTo(preset.getMetadata().getResourceVersion());
    }

    /**
     * An upstream the API server admits (its schema and CEL rules cannot see that a bedrock target needs AWS
     * credentials) but the compiler rejects; a value the schema forbids, such as an unknown provider, never
     * reaches the operator.
     */
    @Test
    void shouldRejectInvalidUpstreamAndStillCompileTheRestOfTheGateway() {
        applySampleAndAwaitReady("round-robin", 1);

        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: broken
                spec:
                  algorithm: round-robin
                  targets:
                    - name: mystery
                      provider: bedrock
                      credentials:
                        apiKey: {name: provider-keys, key: openai}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIService
                metadata:
                  name: broken-service
                spec:
                  upstreamRef: {name: broken}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata:
                  name: broken-rule
                spec:
                  gatewayRef: {name: multi-provider}
                  serviceRef: {name: broken-service}
                  path: /broken
                """);

        eventually().untilAsserted(() -> {
            Condition accepted = conditions(AIUpstream.class, "broken").get("Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("InvalidCredentials");
            assertThat(accepted.getMessage()).contains("a bedrock target needs credentials.aws");
            assertThat(conditions(AIRule.class, "broken-rule")).isNotEmpty();
        });
        eventually().untilAsserted(() -> {
            assertThat(conditions(AIGateway.class, GATEWAY).get("Ready").getStatus()).isEqualTo("True");
            RoutingConfig config = routingConfig(GATEWAY);
            assertThat(config.routes()).extracting(Route::rule).containsExactlyInAnyOrder("chat", "broken-rule");
            assertThat(config.routes()).filteredOn(r -> r.rule().equals("broken-rule")).singleElement()
                    .extracting(Route::unavailable).asString()
                    .contains("its AIUpstream 'broken' was not accepted (InvalidCredentials)");
            assertThat(config.upstreams()).extracting(Upstream::name).containsExactly("ai-providers");
        });
    }

    @Test
    void shouldKeepLastGoodConfigAndStillReconcileTheProxyWhenTheCredentialsOutgrowTheirSecret() {
        applySampleAndAwaitReady("round-robin", 1);
        ConfigMap good = get(ConfigMap.class, ROUTING);
        String credentials = GatewayNames.credentialsSecretName(GATEWAY);
        Secret goodCredentials = get(Secret.class, credentials);
        String goodRevision = get(AIGateway.class, GATEWAY).getStatus().getConfigRevision();

        // Two provider keys of 400 KB: their Secret fits, the gateway's credentials (base64) do not.
        edit(Secret.class, "provider-keys", secret -> new SecretBuilder(secret).withData(null)
                .addToStringData("openai", "sk-" + "o".repeat(400_000))
                .addToStringData("anthropic", "sk-" + "a".repeat(400_000)).build());
        eventually().untilAsserted(() -> {
            Condition ready = conditions(AIGateway.class, GATEWAY).get("Ready");
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("ConfigTooLarge");
            assertThat(ready.getMessage()).contains("exceed the 1000000 bytes of one Secret",
                    "This routing change waits").doesNotContain("ooooo");
        });
        // Only the routing change waits: a change of the proxy's workload is still made.
        edit(AIGateway.class, GATEWAY, gateway -> {
            gateway.getSpec().setProxy(new ProxySpec());
            gateway.getSpec().getProxy().setReplicas(3);
            return gateway;
        });
        eventually().untilAsserted(() -> assertThat(get(Deployment.class, GatewayNames.proxyName(GATEWAY))
                .getSpec().getReplicas()).isEqualTo(3));

        assertThat(get(AIGateway.class, GATEWAY).getStatus().getConfigRevision()).isEqualTo(goodRevision);
        ConfigMap kept = get(ConfigMap.class, ROUTING);
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo(good.getMetadata().getResourceVersion());
        assertThat(kept.getData()).isEqualTo(good.getData());
        assertThat(get(Secret.class, credentials).getData()).isEqualTo(goodCredentials.getData());
    }

    @Test
    void shouldKeepLastGoodConfigWhenTheGatewayItselfBecomesInvalid() {
        applySampleAndAwaitReady("round-robin", 1);
        ConfigMap good = get(ConfigMap.class, ROUTING);

        edit(AIGateway.class, GATEWAY, gateway -> {
            gateway.getSpec().setHostnames(List.of("not a host name!"));
            return gateway;
        });

        eventually().untilAsserted(() -> {
            Map<String, Condition> conditions = conditions(AIGateway.class, GATEWAY);
            assertThat(conditions.get("Accepted").getStatus()).isEqualTo("False");
            assertThat(conditions.get("Accepted").getReason()).isEqualTo("InvalidHostname");
            assertThat(conditions.get("Ready").getStatus()).isEqualTo("False");
            assertThat(conditions.get("Ready").getObservedGeneration()).isEqualTo(2L);
        });
        assertThat(get(ConfigMap.class, ROUTING).getMetadata().getResourceVersion())
                .isEqualTo(good.getMetadata().getResourceVersion());
    }

    @Test
    void shouldWriteTheConfigOnceTheStoreSecretExistsAndFollowItsChanges() {
        applySampleAndAwaitReady("round-robin", 1);
        String credentials = GatewayNames.credentialsSecretName(GATEWAY);
        edit(AIGateway.class, GATEWAY, gateway -> {
            RateLimitStoreSpec store = new RateLimitStoreSpec();
            store.setType("redis");
            store.setAddress("redis://redis.cache.svc:6379");
            store.setPasswordSecretRef(new SecretKeyRef("redis-auth", "password"));
            gateway.getSpec().setRateLimitStore(store);
            return gateway;
        });

        eventually().untilAsserted(() -> {
            Map<String, Condition> conditions = conditions(AIGateway.class, GATEWAY);
            assertThat(conditions.get("ResolvedRefs").getReason()).isEqualTo("SecretNotFound");
            assertThat(conditions.get("Ready").getStatus()).isEqualTo("False");
            assertThat(conditions.get("Ready").getObservedGeneration()).isEqualTo(2L);
        });
        assertThat(RoutingConfigJson.read(get(ConfigMap.class, ROUTING).getData()
                .get(RoutingConfigJson.CONFIG_MAP_KEY)).rateLimitStore()).as("the last good config").isNull();

        create(new SecretBuilder().withNewMetadata().withName("redis-auth").withNamespace(namespace).endMetadata()
                .withStringData(Map.of("password", "redis-pass-1")).build());
        eventually().untilAsserted(() -> {
            assertThat(Snapshot.decode(get(Secret.class, credentials))).containsEntry("rateLimitStore.password",
                    "redis-pass-1");
            // The credentials are written before the config that reads them: until then the store is not in it.
            assertThat(RoutingConfigJson.read(get(ConfigMap.class, ROUTING).getData()
                    .get(RoutingConfigJson.CONFIG_MAP_KEY)).rateLimitStore()).isNotNull()
                    .extracting(RateLimitStore::passwordEntry).isEqualTo("rateLimitStore.password");
        });

        // Only the gateway refers to this Secret: its change reaches the gateway through the gateways' index.
        client.secrets().inNamespace(namespace).withName("redis-auth").edit(secret -> {
            secret.setData(Map.of());
            secret.setStringData(Map.of("password", "redis-pass-2"));
            return secret;
        });
        eventually().untilAsserted(() -> assertThat(Snapshot.decode(get(Secret.class, credentials)))
                .containsEntry("rateLimitStore.password", "redis-pass-2"));
        assertThat(get(ConfigMap.class, ROUTING).getData().toString()).doesNotContain("redis-pass");
        assertThat(get(AIGateway.class, GATEWAY).getStatus().toString()).doesNotContain("redis-pass");
    }

    @Test
    void shouldLeaveKeyUsageToTheProxies() {
        applySampleAndAwaitReady("round-robin", 1);
        awaitQuiet();
        KeyUsage reported = new KeyUsage("2026-06-01T12:00:05Z", "multi-provider-proxy-abc",
                null, new WindowUsage("2026-06-01T00:00:00Z", null, null, 1_234L, null, null, null), null);
        client.resources(AIKey.class).inNamespace(namespace).withName("team-a").editStatus(key -> {
            key.getStatus().setUsage(reported);
            return key;
        });

        // A Secret losing the key turns ResolvedRefs False: a status write that must keep what the proxies wrote.
        client.secrets().inNamespace(namespace).withName("team-a-client-key").edit(secret -> {
            secret.setData(Map.of());
            secret.setStringData(Map.of("other", "x"));
            return secret;
        });

        eventually().untilAsserted(() -> assertThat(conditions(AIKey.class, "team-a").get("ResolvedRefs")
                .getReason()).isEqualTo("SecretKeyNotFound"));
        assertThat(get(AIKey.class, "team-a").getStatus().getUsage()).isEqualTo(reported);
    }

    @Test
    void shouldLeaveUpstreamHealthToTheProxies() {
        applySampleAndAwaitReady("round-robin", 1);
        // The mock does not check the resourceVersion of a status replace, so an operator write still in flight,
        // read before the proxies' write, would erase it here (a real API server refuses it with 409, and the
        // operator retries keeping it: UpstreamHealthStatusIT forces that conflict).
        awaitQuiet();
        client.resources(AIUpstream.class).inNamespace(namespace).withName("ai-providers").editStatus(upstream -> {
            upstream.getStatus().setHealthy("1/2");
            return upstream;
        });

        // A Secret losing a key turns ResolvedRefs False: a status write that must keep what the proxies wrote.
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            secret.setData(Map.of());
            secret.setStringData(Map.of("openai", "sk-replace-me-openai"));
            return secret;
        });

        eventually().untilAsserted(() -> {
            Condition resolved = conditions(AIUpstream.class, "ai-providers").get("ResolvedRefs");
            assertThat(resolved.getStatus()).isEqualTo("False");
            assertThat(resolved.getReason()).isEqualTo("SecretKeyNotFound");
        });
        assertThat(get(AIUpstream.class, "ai-providers").getStatus().getHealthy()).isEqualTo("1/2");
    }

    @Test
    void shouldAcceptTheLosingRuleWhenTheRuleHoldingItsPathIsDeleted() {
        applySampleAndAwaitReady("round-robin", 1);
        applyRuleLosingThePathOfChat();
        assertThat(routingConfig(GATEWAY).routes()).extracting(Route::rule).containsExactly("chat");

        client.resources(AIRule.class).inNamespace(namespace).withName("chat").delete();

        eventually().untilAsserted(() -> {
            assertThat(conditions(AIRule.class, "chat-copy").get("Accepted").getStatus()).isEqualTo("True");
            assertThat(routingConfig(GATEWAY).routes()).extracting(Route::rule).containsExactly("chat-copy");
        });
    }

    /**
     * Both gateways follow a move at once. The bound is far below the gateways' periodic reconcile (minutes), which
     * was all that updated the gateway left behind before a move was mapped by the old state too.
     */
    @Test
    void shouldMoveKeyAndRuleToAnotherGatewayAtOnce() {
        applySampleAndAwaitReady("round-robin", 1);
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: second
                spec: {}
                """);
        eventually().untilAsserted(() -> assertThat(routingConfig("second").routes()).isEmpty());
        awaitQuiet();

        edit(AIKey.class, "team-a", aiKey -> {
            aiKey.getSpec().getGatewayRef().setName("second");
            return aiKey;
        });
        edit(AIRule.class, "chat", rule -> {
            rule.getSpec().getGatewayRef().setName("second");
            return rule;
        });

        await().atMost(MOVE_BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            RoutingConfig left = routingConfig(GATEWAY);
            assertThat(left.clientKeys()).as("keys of the gateway left").isEmpty();
            assertThat(left.routes()).as("routes of the gateway left").isEmpty();
            RoutingConfig joined = routingConfig("second");
            assertThat(joined.clientKeys()).extracting(ClientKey::name).containsExactly("team-a");
            assertThat(joined.routes()).extracting(Route::rule).containsExactly("chat");
        });
    }

    @Test
    void shouldAcceptTheLosingRuleAtOnceWhenTheRuleHoldingItsPathMovesToAnotherGateway() {
        applySampleAndAwaitReady("round-robin", 1);
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: second
                spec: {}
                """);
        applyRuleLosingThePathOfChat();
        awaitQuiet();

        edit(AIRule.class, "chat", rule -> {
            rule.getSpec().getGatewayRef().setName("second");
            return rule;
        });

        await().atMost(MOVE_BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(conditions(AIRule.class, "chat-copy").get("Accepted").getStatus()).isEqualTo("True");
            assertThat(routingConfig(GATEWAY).routes()).extracting(Route::rule).containsExactly("chat-copy");
        });
    }

    /** Adds the rule chat-copy, on the path of the sample's rule chat, and waits until it loses it to chat. */
    private void applyRuleLosingThePathOfChat() {
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata:
                  name: chat-copy
                spec:
                  gatewayRef: {name: multi-provider}
                  serviceRef: {name: ai-chat}
                  path: /v1
                  methods: [POST]
                """);
        eventually().untilAsserted(() -> {
            Condition accepted = conditions(AIRule.class, "chat-copy").get("Accepted");
            assertThat(accepted).isNotNull();
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("PathConflict");
        });
    }

    @Test
    void shouldDropClientKeyFromConfigAndReportKeyExpiredWhenItExpires() {
        String soon = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
        for (HasMetadata resource : loadSample("round-robin")) {
            if (resource instanceof AIKey aiKey) {
                aiKey.getSpec().setExpiresAt(soon);
            }
            create(resource);
        }
        eventually().untilAsserted(() -> assertThat(routingConfig(GATEWAY).clientKeys())
                .extracting(ClientKey::name).containsExactly("team-a"));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(routingConfig(GATEWAY).clientKeys()).isEmpty();
            Condition accepted = conditions(AIKey.class, "team-a").get("Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("KeyExpired");
        });
        assertThat(Instant.now()).isAfter(Instant.parse(soon));
    }

    @Test
    void shouldNotWriteStatusAgainWhenAReconcileChangesNothing() {
        applySampleAndAwaitReady("round-robin", 1);
        awaitQuiet();
        Map<String, String> versions = resourceVersions();
        int gatewayReconciles = reconciles.of(AIGateway.class, namespace, GATEWAY);
        int upstreamReconciles = reconciles.of(AIUpstream.class, namespace, "ai-providers");
        int keyReconciles = reconciles.of(AIKey.class, namespace, "team-a");
        Map<String, Integer> writes = statusWrites.byResource();

        // Touching a referenced Secret without changing its data reconciles the upstream, the key and the gateway.
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            secret.getMetadata().setLabels(Map.of("touched", "yes"));
            return secret;
        });
        client.secrets().inNamespace(namespace).withName("team-a-client-key").edit(secret -> {
            secret.getMetadata().setLabels(Map.of("touched", "yes"));
            return secret;
        });
        eventually().until(() -> reconciles.of(AIGateway.class, namespace, GATEWAY) > gatewayReconciles
                && reconciles.of(AIUpstream.class, namespace, "ai-providers") > upstreamReconciles
                && reconciles.of(AIKey.class, namespace, "team-a") > keyReconciles);

        assertThat(statusWrites.byResource()).as("status writes").isEqualTo(writes);
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    /** The resourceVersion of every resource of the sample and every object the operator writes for it. */
    private Map<String, String> resourceVersions() {
        String proxy = GatewayNames.proxyName(GATEWAY);
        List<HasMetadata> objects = List.of(get(AIGateway.class, GATEWAY), get(AIUpstream.class, "ai-providers"),
                get(AIService.class, "ai-chat"), get(AIRule.class, "chat"), get(AIKey.class, "team-a"),
                get(ConfigMap.class, ROUTING), get(Secret.class, GatewayNames.credentialsSecretName(GATEWAY)),
                get(Deployment.class, proxy), get(Service.class, GatewayNames.serviceName(GATEWAY)),
                get(ServiceAccount.class, proxy), get(Role.class, proxy), get(RoleBinding.class, proxy));
        return objects.stream().collect(Collectors.toMap(o -> o.getKind() + " " + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }

    /**
     * Applies a sample, reports its proxy available, and waits until its gateway is Ready with the expected routes
     * in its ConfigMap.
     */
    private List<HasMetadata> applySampleAndAwaitReady(String sample, int routes) {
        List<HasMetadata> resources = applySample(sample);
        String gateway = resources.stream().filter(AIGateway.class::isInstance).findFirst().orElseThrow()
                .getMetadata().getName();
        setProxyAvailable(gateway, 2);
        eventually().untilAsserted(() -> {
            assertThat(conditions(AIGateway.class, gateway).get("Ready")).isNotNull()
                    .extracting(Condition::getStatus).isEqualTo("True");
            assertThat(routingConfig(gateway).routes()).hasSize(routes);
            assertThat(conditions(AIGateway.class, gateway).get("ResolvedRefs").getStatus()).isEqualTo("True");
        });
        return resources;
    }

    /** The routing config in the gateway's ConfigMap; fails while there is none. */
    private RoutingConfig routingConfig(String gateway) {
        ConfigMap configMap = get(ConfigMap.class, GatewayNames.routingConfigMapName(gateway));
        assertThat(configMap).as("ConfigMap of %s", gateway).isNotNull();
        return RoutingConfigJson.read(configMap.getData().get(RoutingConfigJson.CONFIG_MAP_KEY));
    }
}
