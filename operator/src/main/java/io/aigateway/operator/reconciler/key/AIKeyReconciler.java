package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIKeyStatus;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.compiler.ClientKeys;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ReconcileTrigger;
import io.aigateway.operator.reconciler.SecretCache;
import io.aigateway.operator.reconciler.SecretSelector;
import io.aigateway.operator.reconciler.SharedSecretEventSource;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates an AIKey (Accepted: expiry; ResolvedRefs: gateway, Secret and key) and reports the Secret and a
 * fingerprint of the key, never the key. For an AIKey without spec.secretRef it generates the Secret
 * {@code <name>-client-key} once and never rewrites it. Reconciles again when the key expires.
 */
@ControllerConfiguration(name = AIKeyReconciler.NAME)
public class AIKeyReconciler implements Reconciler<AIKey> {

    public static final String NAME = "aikey";
    static final String GATEWAYS = "gateways";
    static final String SECRETS = "secrets";

    /** Past the expiry instant, so the clock reads it as expired when the reconcile runs. */
    private static final Duration EXPIRY_SLACK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(AIKeyReconciler.class);

    private final Clock clock;
    private final RoutingCompiler compiler;
    private final SecretCache secrets;

    /** @param secrets the operator's Secret cache, which this reconciler shares */
    public AIKeyReconciler(Clock clock, SecretCache secrets) {
        this.clock = clock;
        this.secrets = secrets;
        this.compiler = new RoutingCompiler(clock);
    }

    @Override
    public List<EventSource<?, AIKey>> prepareEventSources(EventSourceContext<AIKey> context) {
        var keys = context.getPrimaryCache();
        keys.addIndexer(Indexes.KEYS_BY_GATEWAY, Indexes.KEY_GATEWAY);
        keys.addIndexer(Indexes.KEYS_BY_SECRET, Indexes.KEY_SECRET);
        var gateways = new InformerEventSource<>(InformerEventSourceConfiguration.from(AIGateway.class, AIKey.class)
                .withName(GATEWAYS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(
                        new AIGatewayToAIKeyMapper(IndexLookup.of(keys, Indexes.KEYS_BY_GATEWAY)))
                .build(), context);
        return List.of(gateways, new SharedSecretEventSource<>(SECRETS, secrets,
                new SecretToAIKeyMapper(IndexLookup.of(keys, Indexes.KEYS_BY_SECRET))));
    }

    @Override
    public UpdateControl<AIKey> reconcile(AIKey aiKey, Context<AIKey> context) {
        String trigger = ReconcileTrigger.describe(aiKey, context);
        String namespace = aiKey.getMetadata().getNamespace();
        String name = aiKey.getMetadata().getName();
        var sources = context.eventSourceRetriever();
        var gateways = (InformerEventSource<AIGateway, AIKey>) sources.getEventSourceFor(AIGateway.class, GATEWAYS);

        SecretKeyRef ref = Indexes.keySecretRef(aiKey);
        Optional<Secret> secret = ref.getName() == null ? Optional.empty()
                : secrets.get(namespace, ref.getName());
        if (secret.isEmpty() && isGenerated(aiKey)) {
            secret = Optional.of(generate(aiKey, secrets.selector(), context));
        }
        Map<String, Map<String, String>> secretValues = secret
                .map(s -> Map.of(ref.getName(), Snapshot.decode(s)))
                .orElse(Map.of());
        String value = secret.isEmpty() || ref.getKey() == null ? null
                : secretValues.get(ref.getName()).get(ref.getKey());

        Snapshot snapshot = new Snapshot(namespace, gateways.list(namespace).toList(), List.of(), List.of(),
                List.of(), List.of(aiKey), secretValues).withSecretSelector(secrets.selector().description());
        List<Diagnostic> diagnostics = compiler.diagnose(snapshot, ResourceRef.of(aiKey));

        AIKeyStatus status = StatusUpdates.fill(new AIKeyStatus(), aiKey,
                StatusConditions.fromDiagnostics(diagnostics, ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS),
                clock);
        status.setSecretName(ref.getName());
        status.setFingerprint(value == null || value.isBlank() ? null : ClientKeys.fingerprint(value));

        // status.usage is the proxies': kept as they wrote it, never taken over.
        boolean written = StatusUpdates.writeIfChanged(aiKey, status, context, AIKey::new,
                (current, wanted) -> wanted.withProxyFieldsOf(current));
        UpdateControl<AIKey> control = UpdateControl.noUpdate();
        untilExpiry(aiKey).ifPresent(control::rescheduleAfter);
        LOG.info("AIKey {}/{} [{}]: {}, Secret {}{}; {}", namespace, name, trigger, StatusUpdates.summary(status),
                ref.getName(),
                status.getFingerprint() == null ? "" : ", fingerprint " + status.getFingerprint(),
                StatusUpdates.outcome(written));
        return control;
    }

    private static boolean isGenerated(AIKey aiKey) {
        return aiKey.getSpec() == null || aiKey.getSpec().getSecretRef() == null;
    }

    /**
     * Creates the generated Secret; if it exists already, reads it instead: its key is never rewritten. An existing
     * one without the labels of the operator's Secret selector (generated before the selector was set) gets them,
     * or the operator would never see it.
     */
    private static Secret generate(AIKey aiKey, SecretSelector selector, Context<AIKey> context) {
        Secret wanted = GeneratedKeySecret.forKey(aiKey, selector);
        try {
            Secret created = context.getClient().resource(wanted).create();
            LOG.info("AIKey {}/{}: generated a key into Secret {}", aiKey.getMetadata().getNamespace(),
                    aiKey.getMetadata().getName(), wanted.getMetadata().getName());
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw new KubernetesClientException("could not create Secret " + wanted.getMetadata().getName()
                        + " for AIKey " + aiKey.getMetadata().getName() + ": HTTP " + e.getCode(), e.getCode(),
                        e.getStatus());
            }
            Secret existing = context.getClient().secrets().inNamespace(aiKey.getMetadata().getNamespace())
                    .withName(wanted.getMetadata().getName()).get();
            if (existing == null) {
                throw new KubernetesClientException("Secret " + wanted.getMetadata().getName()
                        + " was reported to exist but cannot be read; will retry", e.getCode(), e.getStatus());
            }
            Map<String, String> labels = Objects.requireNonNullElse(existing.getMetadata().getLabels(), Map.of());
            if (labels.entrySet().containsAll(selector.labels().entrySet())) {
                return existing;
            }
            LOG.info("AIKey {}/{}: labelling its generated Secret {} with {}", aiKey.getMetadata().getNamespace(),
                    aiKey.getMetadata().getName(), wanted.getMetadata().getName(),
                    selector.description().orElseThrow());
            return context.getClient().secrets().inNamespace(aiKey.getMetadata().getNamespace())
                    .withName(wanted.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), context.getClient().getKubernetesSerialization()
                            .asJson(Map.of("metadata", Map.of("labels", selector.labels()))));
        }
    }

    /** How long until the key expires, when it has a valid expiry in the future. */
    private Optional<Duration> untilExpiry(AIKey aiKey) {
        String expiresAt = aiKey.getSpec() == null ? null : aiKey.getSpec().getExpiresAt();
        if (expiresAt == null) {
            return Optional.empty();
        }
        try {
            Instant expiry = OffsetDateTime.parse(expiresAt).toInstant();
            Duration left = Duration.between(clock.instant(), expiry);
            return left.isNegative() ? Optional.empty() : Optional.of(left.plus(EXPIRY_SLACK));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
