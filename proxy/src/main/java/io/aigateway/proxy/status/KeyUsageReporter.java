package io.aigateway.proxy.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.UsageLimits;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.usage.KeyUsage;
import io.aigateway.model.usage.WindowUsage;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.limits.UsageCounters;
import io.aigateway.proxy.limits.Window;
import io.aigateway.proxy.limits.WindowCounters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what the counted client keys (those with limits or a budget) used in their current windows into their
 * AIKeys' {@code status.usage}, read back from the rate-limit store's counters ({@link UsageCounters}); and, with a
 * shared store, whether this replica reaches it into the AIGateway's status ({@link StoreAvailabilityReport}).
 *
 * <p>Every {@code every}, on its own daemon thread (the Kubernetes client blocks, never on an event loop or the
 * request path): it reads the counters of the keys it is to report, at most {@code readsInFlight} keys at a time, and
 * writes a key's usage only when it differs from what this replica last wrote (with a shared store, also at the second
 * poll after the key came to this replica); a key with nothing counted is not written until it is used. Which keys a
 * replica reports:
 * <ul>
 * <li>shared store: every replica reads the same figures, so each key is reported by one replica only, its owner
 * among the replicas with a live store report, by rendezvous hashing of the key's and the replicas' names: every
 * replica computes the same owner, and when a replica comes or goes only its keys move;</li>
 * <li>local store: each replica counts alone, and a key's figures change only when this replica serves it, so each
 * replica reports its own figures of the keys it served (a per-replica view, as the local store's limits are).</li>
 * </ul>
 *
 * <p>The usage is replaced whole by a JSON merge patch of {@code status.usage} alone, without reading the AIKey
 * first: nothing in it is merged from other writers, so there is nothing a resourceVersion lock would protect and no
 * 409 to retry. The operator's status writes keep it.
 */
public final class KeyUsageReporter implements AutoCloseable {

    static final ResourceDefinitionContext AI_KEYS = new ResourceDefinitionContext.Builder()
            .withGroup(AiGatewayApi.GROUP).withVersion(AiGatewayApi.VERSION).withKind(AiGatewayApi.AI_KEY_KIND)
            .withPlural(AiGatewayApi.AI_KEY_PLURAL).withNamespaced(true).build();

    private static final Logger LOG = LoggerFactory.getLogger(KeyUsageReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PatchContext MERGE_PATCH = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(HealthReporter.FIELD_MANAGER).build();
    /** How long one batch of counter reads may take before the poll gives up on it. */
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    /**
     * @param every how often the counters are read and compared with what was written
     * @param renew how often this replica's store report is written again although nothing flipped
     * @param readsInFlight keys whose counters are read at once
     * @param maxAttempts store report writes tried per poll when they conflict
     */
    public record Settings(Duration every, Duration renew, int readsInFlight, int maxAttempts) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 64, 5);

        public Settings {
            if (every.isNegative() || every.isZero() || renew.compareTo(HealthAggregation.REPORT_TTL) >= 0
                    || readsInFlight < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("need every > 0, renew < the report expiry, readsInFlight >= 1 "
                        + "and maxAttempts >= 1");
            }
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String replica;
    private final Supplier<RoutingConfig> served;
    private final Supplier<WindowCounters> store;
    private final BooleanSupplier storeAvailable;
    private final StoreAvailabilityReport storeReport;
    private final Clock clock;
    private final Settings settings;
    private final Poller poller = new Poller("aigw-usage-reporter", "Key usage report", this::poll);
    // Touched by the reporter thread only.
    private final Map<String, KeyUsage> written = new HashMap<>();
    private final Set<String> unwritable = new HashSet<>();
    private Set<String> owned = Set.of();
    private Set<String> gained = Set.of();
    private final AtomicLong writes = new AtomicLong();

    /**
     * @param gateway the AIGateway this replica serves
     * @param served the config being served, null before the first
     * @param store the rate-limit store counting the keys, as of now
     * @param storeAvailable whether the store answers, as of now (the local store always does)
     */
    public KeyUsageReporter(KubernetesClient client, String namespace, String gateway, String replica,
            Supplier<RoutingConfig> served, Supplier<WindowCounters> store, BooleanSupplier storeAvailable,
            Clock clock, Settings settings) {
        this.client = client;
        this.namespace = namespace;
        this.replica = replica;
        this.served = served;
        this.store = store;
        this.storeAvailable = storeAvailable;
        this.storeReport = new StoreAvailabilityReport(client, namespace, gateway, replica, settings.renew(),
                settings.maxAttempts());
        this.clock = clock;
        this.settings = settings;
    }

    /** A reporter of what the proxy serves; not started. */
    public static KeyUsageReporter of(Supplier<RuntimeConfig> served, Supplier<WindowCounters> store,
            BooleanSupplier storeAvailable, KubernetesClient client, String namespace, String gateway,
            String replica, Settings settings) {
        return new KeyUsageReporter(client, namespace, gateway, replica, () -> {
            RuntimeConfig config = served.get();
            return config == null ? null : config.config();
        }, store, storeAvailable, Clock.systemUTC(), settings);
    }

    public KeyUsageReporter start() {
        poller.start(settings.every());
        return this;
    }

    /** Stops polling; a write under way may finish. */
    @Override
    public void close() {
        poller.close();
    }

    /** Exports the usage writes as {@code aigw_key_usage_writes_total}. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("aigw.key.usage.writes", this, KeyUsageReporter::writes)
                .description("AIKey status writes of the keys' usage by this replica")
                .register(registry);
    }

    /** Polls done so far. */
    public long polls() {
        return poller.polls();
    }

    /** Usage writes that succeeded. */
    public long writes() {
        return writes.get();
    }

    private void poll() {
        RoutingConfig config = served.get();
        if (config == null) {
            return;
        }
        Instant now = clock.instant();
        // Without the replicas' reports (the AIGateway unreadable), alone: a key written twice beats one not written.
        List<String> replicas = config.rateLimitStore() == null ? List.of(replica)
                : storeReport.report(storeAvailable.getAsBoolean(), now).orElse(List.of(replica));
        List<ClientKey> mine = config.clientKeys().stream().filter(ClientKey::counted)
                .filter(key -> owner(key.name(), replicas).equals(replica)).toList();
        Set<String> names = mine.stream().map(ClientKey::name).collect(Collectors.toSet());
        if (config.rateLimitStore() != null) {
            // A key that came here at the last poll is written again whatever this replica wrote then: its former
            // owner's poll that began before the move may have written it since.
            written.keySet().removeAll(gained);
            gained = new HashSet<>(names);
            gained.removeAll(owned);
            owned = names;
        }
        WindowCounters counters = store.get();
        for (int from = 0; from < mine.size(); from += settings.readsInFlight()) {
            List<ClientKey> batch = mine.subList(from, Math.min(mine.size(), from + settings.readsInFlight()));
            Map<String, Future<KeyUsage>> reads = new LinkedHashMap<>();
            batch.forEach(key -> reads.put(key.name(), usage(key, counters, now)));
            await(Future.join(new ArrayList<>(reads.values())));
            reads.forEach((name, read) -> {
                if (read.succeeded() && changed(name, read.result())) {
                    write(name, read.result(), now);
                }
            });
        }
        written.keySet().retainAll(names);
        unwritable.retainAll(names);
    }

    /**
     * The replica that reports {@code key} among {@code replicas}: the highest of a hash of each replica's name with
     * the key's (rendezvous hashing).
     */
    static String owner(String key, List<String> replicas) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String candidate : replicas) {
            long score = mix(hash(candidate + '\0' + key));
            if (best == null || score > bestScore || score == bestScore && candidate.compareTo(best) < 0) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static long hash(String s) {
        long h = 1125899906842597L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    /** MurmurHash3's finalizer: spreads close inputs over the whole range. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93e185a2c4fL;
        return h ^ (h >>> 33);
    }

    /** Whether {@code usage} is to be written: it differs from the last written, or it is the first with a count. */
    private boolean changed(String name, KeyUsage usage) {
        KeyUsage last = written.get(name);
        return last == null ? counts(usage) : !last.equals(usage);
    }

    private static boolean counts(KeyUsage usage) {
        return Stream.of(usage.minute(), usage.day(), usage.month()).filter(Objects::nonNull)
                .anyMatch(w -> positive(w.requests()) || positive(w.tokens())
                        || w.spent() != null && new BigDecimal(w.spent()).signum() > 0);
    }

    private static boolean positive(Long count) {
        return count != null && count > 0;
    }

    /** The key's usage as of {@code now}, without the report's time and replica (so that it compares). */
    static Future<KeyUsage> usage(ClientKey key, WindowCounters counters, Instant now) {
        UsageLimits limits = key.limits();
        Budget budget = key.budget();
        boolean minute = UsageCounters.showsMinute(key);
        boolean month = UsageCounters.showsMonth(key);
        Future<WindowUsage> minuteUsage = minute ? Future.join(
                        counters.count(UsageCounters.requests(UsageCounters.KEY_SCOPE, key.name())),
                        counters.count(UsageCounters.tokens(UsageCounters.KEY_SCOPE, key.name(), Window.MINUTE)))
                .map(counts -> new WindowUsage(null, counts.resultAt(0), limits.requestsPerMinute() == null ? null
                        : limits.requestsPerMinute().longValue(), counts.resultAt(1), limits.tokensPerMinute(),
                        null, null))
                : Future.succeededFuture();
        // The day is always there: kubectl get aikeys shows its tokens.
        Future<WindowUsage> dayUsage = calendar(key, counters, Window.DAY, limits == null ? null
                : limits.tokensPerDay(), budget != null && budget.period() == Budget.Period.DAY ? budget : null, now);
        Future<WindowUsage> monthUsage = month ? calendar(key, counters, Window.MONTH, limits == null ? null
                : limits.tokensPerMonth(), budget != null && budget.period() == Budget.Period.MONTH ? budget : null,
                now) : Future.succeededFuture();
        return Future.join(minuteUsage, dayUsage, monthUsage).map(all -> new KeyUsage(null, null, all.resultAt(0),
                all.resultAt(1), all.resultAt(2)));
    }

    private static Future<WindowUsage> calendar(ClientKey key, WindowCounters counters, Window window,
            Long tokensLimit, Budget budget, Instant now) {
        String start = HealthAggregation.format(Instant.ofEpochMilli(window.start(window.number(now.toEpochMilli()))));
        Future<Long> spent = budget == null ? Future.succeededFuture()
                : counters.count(UsageCounters.spent(key.name(), window));
        return Future.join(counters.count(UsageCounters.tokens(UsageCounters.KEY_SCOPE, key.name(), window)), spent)
                .map(counts -> new WindowUsage(start, null, null, counts.resultAt(0), tokensLimit,
                        budget == null ? null : amount(counts.resultAt(1)),
                        budget == null ? null : budget.amount().toPlainString()));
    }

    /** Millionths of the budget's unit as the decimal the status shows: 1250000 is "1.25". */
    static String amount(long micros) {
        BigDecimal units = BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros();
        return units.scale() < 0 ? units.setScale(0).toPlainString() : units.toPlainString();
    }

    private void write(String name, KeyUsage usage, Instant now) {
        KeyUsage report = new KeyUsage(HealthAggregation.format(now), replica, usage.minute(), usage.day(),
                usage.month());
        GenericKubernetesResource key = new GenericKubernetesResource();
        key.setApiVersion(AiGatewayApi.GROUP + "/" + AiGatewayApi.VERSION);
        key.setKind(AiGatewayApi.AI_KEY_KIND);
        key.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        try {
            // On an object of our own: patching by name alone makes fabric8 GET it first, which the Role forbids.
            client.genericKubernetesResources(AI_KEYS).inNamespace(namespace).resource(key).subresource("status")
                    .patch(MERGE_PATCH, mergePatch(report));
            written.put(name, usage);
            unwritable.remove(name);
            writes.incrementAndGet();
        } catch (KubernetesClientException e) {
            if (unwritable.add(name)) {
                LOG.warn("Usage of AIKey {}/{} not reported: {} {}; trying again when it changes", namespace, name,
                        e.getCode(), e.getStatus() == null ? e.getClass().getSimpleName() : e.getStatus().getReason());
            }
        }
    }

    /**
     * {@code {"status": {"usage": ...}}} with every field the usage lacks set to null: a merge patch removes those
     * (a window or limit the key no longer has) instead of keeping them from the last report.
     */
    static String mergePatch(KeyUsage usage) {
        ObjectNode node = withNulls(JSON.valueToTree(usage), KeyUsage.class);
        for (String window : List.of("minute", "day", "month")) {
            if (node.get(window) instanceof ObjectNode fields) {
                withNulls(fields, WindowUsage.class);
            }
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("status").set("usage", node);
        return patch.toString();
    }

    private static ObjectNode withNulls(ObjectNode node, Class<? extends Record> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (!node.has(component.getName())) {
                node.putNull(component.getName());
            }
        }
        return node;
    }

    private static void await(Future<?> reads) {
        try {
            reads.toCompletionStage().toCompletableFuture().get(READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Each read says for itself whether it succeeded; the late ones are read again at the next poll.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
