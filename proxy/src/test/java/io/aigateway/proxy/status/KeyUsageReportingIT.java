package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.UsageCounters;
import io.aigateway.proxy.limits.Window;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Counter;
import io.aigateway.proxy.support.ProxyIdentity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: proxy reporters, acting as the proxy's ServiceAccount with the Role the operator builds,
 * write the counted keys' usage into their AIKeys' status and their store availability into the AIGateway's. The
 * counters and the reporters run on a fixed clock, so that the sliding minute does not fade between polls: a
 * figure changes only when the test counts more.
 */
class KeyUsageReportingIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final String GATEWAY = "gw";
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KeyUsageReporter.Settings QUICK = new KeyUsageReporter.Settings(Duration.ofMillis(100),
            Duration.ofMinutes(1), 2, 5);
    private static final List<ClientKey> KEYS = List.of(
            new ClientKey("team-a", "a".repeat(64), null, new UsageLimits(10, null, 1000L, null), null),
            new ClientKey("team-b", "b".repeat(64), null, null, new Budget(new BigDecimal("5.00"),
                    Budget.Period.DAY)),
            new ClientKey("team-c", "c".repeat(64), null, new UsageLimits(null, null, null, 9000L), null),
            new ClientKey("unlimited", "d".repeat(64), null));

    private final ObjectMapper json = new ObjectMapper();
    private final List<KeyUsageReporter> reporters = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private KubernetesClient admin;
    private String namespace;
    private ProxyIdentity identity;

    @BeforeEach
    void createGatewayAndKeys() {
        admin = KUBE.admin();
        namespace = KUBE.namespace();
        Crds.applyCommitted(admin);
        admin.resource("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw}
                spec:
                  rateLimitStore: {type: redis, address: "redis://127.0.0.1:6379"}
                """).inNamespace(namespace).create();
        for (ClientKey key : KEYS) {
            admin.resource("""
                    apiVersion: aigateway.io/v1alpha1
                    kind: AIKey
                    metadata: {name: %s}
                    spec: {gatewayRef: {name: gw}}
                    """.formatted(key.name())).inNamespace(namespace).create();
        }
        identity = ProxyIdentity.install(KUBE.cluster(), namespace, GATEWAY, List.of(),
                KEYS.stream().filter(ClientKey::counted).map(ClientKey::name).toList(), true);
    }

    @AfterEach
    void stopReporters() {
        reporters.forEach(KeyUsageReporter::close);
        clients.forEach(KubernetesClient::close);
    }

    @Test
    void shouldWriteAUsedKeysUsageOnlyWhenItChangesAndShowItsTokensAsUsedToday() throws Exception {
        WindowCounters counters = new LocalWindowCounters(CLOCK);
        count(counters, UsageCounters.requests(UsageCounters.KEY_SCOPE, "team-a"), 1);
        count(counters, UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a", Window.DAY), 300);
        count(counters, UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-b", Window.DAY), 120);
        count(counters, UsageCounters.spent("team-b", Window.DAY), 1_250_000);
        KeyUsageReporter reporter = start("gw-a", config(null), counters, new AtomicBoolean(true));

        eventually().untilAsserted(() -> {
            JsonNode a = usage("team-a");
            assertThat(a.at("/day/tokens").asLong()).isEqualTo(300);
            assertThat(a.at("/day/tokensLimit").asLong()).isEqualTo(1000);
            assertThat(a.at("/day/windowStart").asText()).isEqualTo("2026-03-14T00:00:00Z");
            assertThat(a.at("/minute/requests").asLong()).isEqualTo(1);
            assertThat(a.at("/minute/requestsLimit").asLong()).isEqualTo(10);
            assertThat(a.has("month")).as("no monthly limit or budget").isFalse();
            assertThat(a.get("reportedBy").asText()).isEqualTo("gw-a");
            assertThat(a.get("lastReportTime").asText()).isEqualTo("2026-03-14T15:09:26Z");
            JsonNode b = usage("team-b");
            assertThat(b.at("/day/spent").asText()).isEqualTo("1.25");
            assertThat(b.at("/day/budget").asText()).isEqualTo("5.00");
            assertThat(b.at("/day/tokens").asLong()).isEqualTo(120);
        });
        assertThat(usage("team-c").isMissingNode()).as("counted, but nothing used yet").isTrue();
        assertThat(usage("unlimited").isMissingNode()).as("not counted").isTrue();
        assertThat(usedToday()).containsExactly("team-a=300", "team-b=120", "team-c=", "unlimited=");

        // Nothing counted since: polls, but no write.
        String version = key("team-a").get().getMetadata().getResourceVersion();
        long writes = reporter.writes();
        long polls = reporter.polls();
        eventually().until(() -> reporter.polls() > polls + 5);
        assertThat(reporter.writes()).isEqualTo(writes);
        assertThat(key("team-a").get().getMetadata().getResourceVersion()).isEqualTo(version);

        count(counters, UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a", Window.DAY), 50);
        eventually().untilAsserted(() -> assertThat(usage("team-a").at("/day/tokens").asLong()).isEqualTo(350));
        assertThat(reporter.writes()).isEqualTo(writes + 1);
    }

    @Test
    void shouldShareTheKeysOutAmongReplicasOfASharedStoreAndReportWhetherEachReachesIt() throws Exception {
        // One store read by both replicas: what Redis is to them.
        WindowCounters shared = new LocalWindowCounters(CLOCK);
        for (String key : List.of("team-a", "team-b", "team-c")) {
            count(shared, UsageCounters.tokens(UsageCounters.KEY_SCOPE, key, Window.DAY), 10);
        }
        AtomicBoolean bReaches = new AtomicBoolean(true);
        RoutingConfig config = config(new RateLimitStore("redis://127.0.0.1:6379", 0, null, null,
                RateLimitStore.FailMode.OPEN, 250));
        start("gw-a", config, shared, new AtomicBoolean(true));
        start("gw-b", config, shared, bReaches);

        List<String> both = List.of("gw-a", "gw-b");
        eventually().untilAsserted(() -> {
            assertThat(storeReports()).containsExactly("gw-a=true", "gw-b=true");
            for (String key : List.of("team-a", "team-b", "team-c")) {
                assertThat(usage(key).get("reportedBy").asText()).as(key)
                        .isEqualTo(KeyUsageReporter.owner(key, both));
            }
        });

        // Each key has one writer: once settled (a key that moved is written once more at the poll after), more
        // polls write nothing.
        long aPolls = reporters.get(0).polls();
        long bPolls = reporters.get(1).polls();
        eventually().until(() -> reporters.get(0).polls() > aPolls + 2 && reporters.get(1).polls() > bPolls + 2);
        long writes = reporters.get(0).writes() + reporters.get(1).writes();
        long polls = reporters.get(1).polls();
        eventually().until(() -> reporters.get(1).polls() > polls + 5);
        assertThat(reporters.get(0).writes() + reporters.get(1).writes()).isEqualTo(writes);

        bReaches.set(false);
        eventually().untilAsserted(() -> assertThat(storeReports()).containsExactly("gw-a=true", "gw-b=false"));
        bReaches.set(true);
        eventually().untilAsserted(() -> assertThat(storeReports()).containsExactly("gw-a=true", "gw-b=true"));
    }

    private KeyUsageReporter start(String replica, RoutingConfig config, WindowCounters counters,
            AtomicBoolean available) {
        KubernetesClient client = identity.client();
        clients.add(client);
        KeyUsageReporter reporter = new KeyUsageReporter(client, namespace, GATEWAY, replica, () -> config,
                () -> counters, available::get, CLOCK, QUICK).start();
        reporters.add(reporter);
        return reporter;
    }

    private RoutingConfig config(RateLimitStore store) {
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "rev", GATEWAY, namespace, List.of(), List.of(),
                RoutingConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, List.of(), List.of(), List.of(), KEYS, null, store);
    }

    private static void count(WindowCounters counters, Counter counter, long amount) throws Exception {
        counters.reserve(List.of(new Claim("test", counter, Long.MAX_VALUE, amount))).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Resource<GenericKubernetesResource> key(String name) {
        return admin.genericKubernetesResources(KeyUsageReporter.AI_KEYS).inNamespace(namespace).withName(name);
    }

    private JsonNode usage(String name) {
        return json.valueToTree(key(name).get().getAdditionalProperties()).at("/status/usage");
    }

    private List<String> storeReports() {
        GenericKubernetesResource gateway = admin.genericKubernetesResources(StoreAvailabilityReport.AI_GATEWAYS)
                .inNamespace(namespace).withName(GATEWAY).get();
        List<String> views = new ArrayList<>();
        json.valueToTree(gateway.getAdditionalProperties()).at("/status/rateLimitStore/replicas")
                .forEach(r -> views.add(r.get("name").asText() + "=" + r.get("available").asBoolean()));
        return views;
    }

    /** Each key's name and its USED TODAY column (empty without usage), as kubectl get aikeys prints them. */
    private List<String> usedToday() {
        String table = KUBE.cluster().kubectl("--namespace", namespace, "get", "aikeys").successOutput();
        List<String> lines = table.lines().filter(line -> !line.isBlank()).toList();
        int column = lines.get(0).indexOf("USED TODAY");
        assertThat(column).as(lines.get(0)).isPositive();
        return lines.subList(1, lines.size()).stream()
                .map(line -> line.split("\\s+")[0] + "=" + (line.length() <= column ? ""
                        : line.substring(column).split("\\s+")[0])).toList();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }
}
