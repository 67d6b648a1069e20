package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.ClientKey;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfig;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewayStatus;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.GatewayScope;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.MovedReferenceEventSource;
import io.aigateway.operator.reconciler.ReconcileTrigger;
import io.aigateway.operator.reconciler.Reschedule;
import io.aigateway.operator.reconciler.SecretCache;
import io.aigateway.operator.reconciler.SecretValues;
import io.aigateway.operator.reconciler.SharedSecretEventSource;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles everything attached to an AIGateway, once per reconcile, into its routing ConfigMap (with its shards when
 * it is large) and credentials Secret, runs its proxy (Deployment, Service, ServiceAccount, Role, RoleBinding), and
 * reports Accepted, ResolvedRefs and Ready. When the gateway is not accepted, every object is left as it is: the
 * proxies keep serving the last good config, with the Role that config needs. When its config does not fit
 * (ConfigTooLarge), only the routing change waits: the routing objects and the Role stay, the credentials are
 * rotated, and the proxy's workload is reconciled.
 *
 * <p>The dependents are invoked explicitly: JOSDK deletes a dependent whose reconcile precondition fails, and
 * the last good config must stay. Their failures come back here rather than being thrown by JOSDK, so that a write
 * the API server refuses is in the status (Ready=False, WriteFailed) before the reconcile fails and is retried.
 */
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
        @Dependent(name = AIGatewayReconciler.ROUTING_SHARDS, type = RoutingShardsDependent.class),
        @Dependent(name = AIGatewayReconciler.CREDENTIALS_SECRET, type = CredentialsSecretDependent.class),
        @Dependent(name = AIGatewayReconciler.PROXY_SERVICE_ACCOUNT, type = ProxyServiceAccountDependent.class),
        @Dependent(name = AIGatewayReconciler.PROXY_ROLE, type = ProxyRoleDependent.class),
        // The config last: proxies switch to it as soon as it is written, and then read its shards and credentials
        // with the rights the Role gives. Its precondition never deletes it: see RoutingConfigWritableOrWritten.
        @Dependent(name = AIGatewayReconciler.ROUTING_CONFIG_MAP, type = RoutingConfigMapDependent.class,
                dependsOn = {AIGatewayReconciler.ROUTING_SHARDS, AIGatewayReconciler.CREDENTIALS_SECRET,
                        AIGatewayReconciler.PROXY_ROLE},
                reconcilePrecondition = RoutingConfigWritableOrWritten.class),
        // Without the bind verb, the API server accepts a RoleBinding from the operator only once it can check the
        // Role's rules against the operator's own: before the Role exists, it answers 404.
        @Dependent(name = AIGatewayReconciler.PROXY_ROLE_BINDING, type = ProxyRoleBindingDependent.class,
                dependsOn = AIGatewayReconciler.PROXY_ROLE),
        // Pods started before their ServiceAccount and rights exist would only fail and restart.
        @Dependent(name = AIGatewayReconciler.PROXY_DEPLOYMENT, type = ProxyDeploymentDependent.class,
                dependsOn = {AIGatewayReconciler.PROXY_SERVICE_ACCOUNT, AIGatewayReconciler.PROXY_ROLE,
                        AIGatewayReconciler.PROXY_ROLE_BINDING}),
        @Dependent(name = AIGatewayReconciler.PROXY_SERVICE, type = ProxyServiceDependent.class)})
// Every change known to concern a gateway reaches it at once (a key or rule moved between gateways reaches both:
// MovedReferenceEventSource). The periodic reconcile is only a safety net, for what no mapper foresaw.
// The proxies' store reports are status: generation-aware processing would drop them, the filter lets them through.
@ControllerConfiguration(name = AIGatewayReconciler.NAME, maxReconciliationInterval = @MaxReconciliationInterval(
        interval = AIGatewayReconciler.RESYNC_MINUTES, timeUnit = TimeUnit.MINUTES),
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrStoreReportsChangedFilter.class))
// A write the API server refuses (a quota, an admission policy) is retried until it succeeds, at most 5 minutes
// apart: JOSDK's default gives up after 5 attempts, and then nothing would write the gateway once the cause is gone.
@GradualRetry(maxAttempts = -1, maxInterval = AIGatewayReconciler.MAX_RETRY_INTERVAL_MILLIS)
public class AIGatewayReconciler implements Reconciler<AIGateway>, ContextInitializer<AIGateway> {

    static final long RESYNC_MINUTES = 5;
    static final long MAX_RETRY_INTERVAL_MILLIS = 5 * 60 * 1000;
    public static final String NAME = "aigateway";
    static final String ROUTING_CONFIG_MAP = "routing-configmap";
    static final String ROUTING_SHARDS = "routing-shards";
    static final String CREDENTIALS_SECRET = "credentials-secret";
    static final String PROXY_SERVICE_ACCOUNT = "proxy-serviceaccount";
    static final String PROXY_ROLE = "proxy-role";
    static final String PROXY_ROLE_BINDING = "proxy-rolebinding";
    static final String PROXY_DEPLOYMENT = "proxy-deployment";
    static final String PROXY_SERVICE = "proxy-service";
    static final String RULES = "rules";
    static final String KEYS = "keys";
    static final String SERVICES = "services";
    static final String UPSTREAMS = "upstreams";
    static final String SECRETS = "referenced-secrets";

    private static final Logger LOG = LoggerFactory.getLogger(AIGatewayReconciler.class);

    private final Clock clock;
    private final RoutingCompiler compiler;
    private final String defaultProxyImage;
    private final StoreAvailability storeAvailability;
    private final SecretCache secrets;

    /**
     * @param defaultProxyImage the proxy image of gateways whose spec.proxy.image is unset
     * @param secrets the operator's Secret cache, which this reconciler shares
     */
    public AIGatewayReconciler(Clock clock, String defaultProxyImage, SecretCache secrets) {
        this.clock = clock;
        this.secrets = secrets;
        this.compiler = new RoutingCompiler(clock);
        this.defaultProxyImage = defaultProxyImage;
        this.storeAvailability = new StoreAvailability(clock);
    }

    @Override
    public List<EventSource<?, AIGateway>> prepareEventSources(EventSourceContext<AIGateway> context) {
        var gateways = context.getPrimaryCache();
        gateways.addIndexer(Indexes.GATEWAYS_BY_SECRET, Indexes.GATEWAY_SECRETS);
        var rules = new MovedReferenceEventSource<>(InformerEventSourceConfiguration.from(AIRule.class, AIGateway.class)
                .withName(RULES)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(new AIRuleToAIGatewayMapper())
                .build(), context);
        rules.addIndexer(Indexes.RULES_BY_SERVICE, Indexes.RULE_SERVICE);

        var keys = new MovedReferenceEventSource<>(InformerEventSourceConfiguration.from(AIKey.class, AIGateway.class)
                .withName(KEYS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(new AIKeyToAIGatewayMapper())
                .build(), context);
        keys.addIndexer(Indexes.KEYS_BY_SECRET, Indexes.KEY_SECRET);

        var serviceToGateways = new AIServiceToAIGatewayMapper(IndexLookup.of(rules, Indexes.RULES_BY_SERVICE));
        var services = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(AIService.class, AIGateway.class)
                        .withName(SERVICES)
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter(new GenerationChangedFilter<>())
                        .withSecondaryToPrimaryMapper(serviceToGateways)
                        .build(), context);
        services.addIndexer(Indexes.SERVICES_BY_UPSTREAM, Indexes.SERVICE_UPSTREAM);

        var upstreamToGateways = new AIUpstreamToAIGatewayMapper(
                IndexLookup.of(services, Indexes.SERVICES_BY_UPSTREAM), serviceToGateways);
        var upstreams = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(AIUpstream.class, AIGateway.class)
                        .withName(UPSTREAMS)
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter(new GenerationChangedFilter<>())
                        .withSecondaryToPrimaryMapper(upstreamToGateways)
                        .build(), context);
        upstreams.addIndexer(Indexes.UPSTREAMS_BY_SECRET, Indexes.UPSTREAM_SECRETS);

        var referencedSecrets = new SharedSecretEventSource<AIGateway>(SECRETS, secrets, new SecretToAIGatewayMapper(
                IndexLookup.of(upstreams, Indexes.UPSTREAMS_BY_SECRET), upstreamToGateways,
                IndexLookup.of(keys, Indexes.KEYS_BY_SECRET),
                IndexLookup.of(gateways, Indexes.GATEWAYS_BY_SECRET)));
        return List.of(rules, keys, services, upstreams, referencedSecrets);
    }

    /** Compiles the gateway once; reconcile() and the dependents read the result from the context. */
    @Override
    public void initContext(AIGateway gateway, Context<AIGateway> context) {
        CompileResult result = compiler.compile(snapshot(gateway, context));
        new GatewayCompilation(result, result.gateway(gateway.getMetadata().getName()).orElse(null))
                .putInto(context);
        DefaultProxyImage.putInto(context, defaultProxyImage);
    }

    @Override
    public UpdateControl<AIGateway> reconcile(AIGateway gateway, Context<AIGateway> context) {
        String trigger = ReconcileTrigger.describe(gateway, context);
        GatewayCompilation compilation = GatewayCompilation.from(context);
        Optional<CompiledGateway> writable = compilation.writable();
        WorkflowReconcileResult written = compilation.accepted().isPresent()
                ? context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                : WorkflowReconcileResult.EMPTY;
        Optional<DeploymentStatus> proxy = context.getSecondaryResource(Deployment.class)
                .map(Deployment::getStatus);

        List<DesiredCondition> desired = conditions(gateway, compilation, proxy);
        WriteFailures.readyCondition(gateway, written.getErroredDependents())
                .ifPresent(failed -> desired.set(2, failed));
        AIGatewayStatus status = StatusUpdates.fill(new AIGatewayStatus(), gateway, desired, clock);
        // The config the proxies now read: the one compiled, unless its ConfigMap was not written (the API server
        // refused it, or what it needs first).
        Optional<CompiledGateway> served = writable.filter(compiled -> written.getReconciledDependents().stream()
                .anyMatch(RoutingConfigMapDependent.class::isInstance));
        if (served.isPresent()) {
            RoutingConfig config = served.get().config();
            status.setConfigRevision(config.revision());
            status.setRoutes(config.routes().size());
            status.setKeys(config.clientKeys().size());
        } else if (gateway.getStatus() != null) {
            // Nothing was written: the last good config, and its figures, still stand.
            status.setConfigRevision(gateway.getStatus().getConfigRevision());
            status.setRoutes(gateway.getStatus().getRoutes());
            status.setKeys(gateway.getStatus().getKeys());
        }
        // The API server leaves a Deployment's zero counts out of its status: absent there means 0.
        status.setReplicas(proxy.map(d -> Objects.requireNonNullElse(d.getReplicas(), 0)).orElse(null));
        status.setReadyReplicas(proxy.map(d -> Objects.requireNonNullElse(d.getReadyReplicas(), 0)).orElse(null));

        boolean statusWritten = StatusUpdates.writeIfChanged(gateway, status, context, AIGateway::new,
                (current, wanted) -> wanted.withProxyFieldsOf(current));
        UpdateControl<AIGateway> control = UpdateControl.noUpdate();
        Stream.of(writable.flatMap(this::untilFirstKeyExpires), storeAvailability.untilFirstExpiry(gateway))
                .flatMap(Optional::stream).min(Duration::compareTo).ifPresent(control::rescheduleAfter);
        LOG.info("AIGateway {}/{} [{}]: {}; {}; {} of {} proxy replicas available; {}",
                gateway.getMetadata().getNamespace(), gateway.getMetadata().getName(), trigger,
                StatusUpdates.summary(status),
                served.map(c -> "config revision " + c.config().revision() + " written ("
                        + c.config().routes().size() + " routes, " + c.config().clientKeys().size() + " keys)")
                        .orElse("config not written"),
                availableReplicas(proxy), ProxyObjects.desiredReplicas(gateway), StatusUpdates.outcome(statusWritten));
        // With the failure in the status, JOSDK's retry (with backoff) tries the writes again. Only on a failure:
        // the EMPTY result of a config not written throws UnsupportedOperationException whatever its errors.
        if (written.erroredDependentsExist()) {
            written.throwAggregateExceptionIfErrorsPresent();
        }
        return control;
    }

    private List<DesiredCondition> conditions(AIGateway gateway, GatewayCompilation compilation,
            Optional<DeploymentStatus> proxy) {
        List<DesiredCondition> desired = new ArrayList<>(StatusConditions.fromDiagnostics(
                compilation.result().diagnosticsFor(ResourceRef.of(gateway)),
                ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS, ConditionType.READY));
        DesiredCondition ready = desired.get(2);
        Optional<CompiledGateway> writable = compilation.writable();
        if (writable.isPresent()) {
            desired.set(2, proxyReadiness(gateway, writable.get().config(), availableReplicas(proxy)));
        } else if (ready.status()) {
            // The compiler said nothing about Ready, yet nothing was written: the gateway itself was not accepted.
            desired.set(2, DesiredCondition.isFalse(ConditionType.READY, Reason.GATEWAY_NOT_ACCEPTED,
                    "No routing config was written because the gateway is not accepted; see the Accepted "
                            + "condition."));
        }
        storeAvailability.condition(gateway).ifPresent(desired::add);
        return desired;
    }

    /** Ready once the config is written: as soon as one proxy replica is available to serve it. */
    private static DesiredCondition proxyReadiness(AIGateway gateway, RoutingConfig config, int available) {
        String name = gateway.getMetadata().getName();
        String written = "Routing config revision " + config.revision() + " written to ConfigMap "
                + GatewayNames.routingConfigMapName(name) + ": " + config.routes().size() + " routes, "
                + config.clientKeys().size() + " keys";
        int desiredReplicas = ProxyObjects.desiredReplicas(gateway);
        if (desiredReplicas == 0) {
            return DesiredCondition.isFalse(ConditionType.READY, Reason.PROXY_SCALED_TO_ZERO,
                    written + "; spec.proxy.replicas is 0, so no proxy serves it.");
        }
        String replicas = available + " of " + desiredReplicas + " proxy replicas are available";
        if (available >= 1) {
            return DesiredCondition.isTrue(ConditionType.READY, Reason.PROXY_AVAILABLE, written + "; " + replicas
                    + ".");
        }
        return DesiredCondition.isFalse(ConditionType.READY, Reason.PROXY_UNAVAILABLE, written + "; " + replicas
                + "; see kubectl describe deployment " + GatewayNames.proxyName(name) + ".");
    }

    private static int availableReplicas(Optional<DeploymentStatus> proxy) {
        return proxy.map(DeploymentStatus::getAvailableReplicas).orElse(0);
    }

    /** The resources of the gateway's namespace that its compile reads, from the informers' caches. */
    private Snapshot snapshot(AIGateway gateway, Context<AIGateway> context) {
        String namespace = gateway.getMetadata().getNamespace();
        var sources = context.eventSourceRetriever();
        var rules = (InformerEventSource<AIRule, AIGateway>) sources.getEventSourceFor(AIRule.class, RULES);
        var keys = (InformerEventSource<AIKey, AIGateway>) sources.getEventSourceFor(AIKey.class, KEYS);
        var services = (InformerEventSource<AIService, AIGateway>) sources.getEventSourceFor(AIService.class,
                SERVICES);
        var upstreams = (InformerEventSource<AIUpstream, AIGateway>) sources.getEventSourceFor(AIUpstream.class,
                UPSTREAMS);
        return GatewayScope.of(gateway, upstreams.list(namespace).toList(), services.list(namespace).toList(),
                rules.list(namespace).toList(), keys.list(namespace).toList(),
                secretNames -> SecretValues.read(secrets, namespace, secretNames))
                .withSecretSelector(secrets.selector().description());
    }

    /** How long until the first client key of the config expires, so that it is then dropped from the config. */
    private Optional<Duration> untilFirstKeyExpires(CompiledGateway compiled) {
        Instant now = clock.instant();
        return compiled.config().clientKeys().stream()
                .map(ClientKey::expiresAt)
                .filter(Objects::nonNull)
                .filter(expiry -> expiry.isAfter(now))
                .min(Instant::compareTo)
                .map(expiry -> Reschedule.justAfter(expiry, now));
    }
}
