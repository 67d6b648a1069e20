package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.AiGatewayApi;
import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.ProxySpec;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The objects that run a gateway's proxy: Deployment, Service, ServiceAccount, Role and RoleBinding. Pure
 * functions of the gateway (and, for the Role, of the upstreams its written config uses), so that a reconcile that
 * changes nothing builds equal objects.
 *
 * <p>The pod template carries nothing the proxy reloads by itself (config, credentials, config revision): pods roll
 * only for the image, the resources or the settings below.
 */
public final class ProxyObjects {

    public static final String DEFAULT_IMAGE_REPOSITORY = "ghcr.io/ai-gateway-operator/proxy";
    public static final int DEFAULT_REPLICAS = 2;
    public static final int DEFAULT_SERVICE_PORT = 80;
    public static final int HTTP_PORT = 8080;
    public static final int ADMIN_PORT = 9090;
    public static final String HTTP_PORT_NAME = "http";
    public static final String ADMIN_PORT_NAME = "admin";
    public static final String METRICS_PORT_NAME = "metrics";
    public static final int SHUTDOWN_GRACE_SECONDS = 25;
    /**
     * Before SIGTERM the kubelet waits this long (a preStop sleep), so that the Service's endpoints drop the pod before
     * the proxy starts refusing new requests; until then it serves as usual.
     */
    static final int ENDPOINT_DRAIN_SECONDS = 5;
    /** The kubelet's SIGKILL comes this long after the proxy's own grace period, so the proxy closes first. */
    static final int TERMINATION_MARGIN_SECONDS = 10;
    /** The distroless "nonroot" user and group. */
    static final long NON_ROOT_ID = 65532L;
    static final String CONTAINER_NAME = "proxy";
    static final String TMP_VOLUME = "tmp";

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final String APP_NAME = "aigateway-proxy";
    static final String COMPONENT = "proxy";

    static final String ENV_GATEWAY = "AIGW_GATEWAY";
    static final String ENV_NAMESPACE = "AIGW_NAMESPACE";
    static final String ENV_REPLICA = "AIGW_REPLICA";
    static final String ENV_PORT = "AIGW_PORT";
    static final String ENV_ADMIN_PORT = "AIGW_ADMIN_PORT";
    static final String ENV_SHUTDOWN_GRACE_SECONDS = "AIGW_SHUTDOWN_GRACE_SECONDS";
    static final String ENV_EVENT_LOOPS = "AIGW_EVENT_LOOPS";
    /** Event loops of a proxy without a CPU limit, unless its CPU request rounds up to more. */
    static final int UNLIMITED_EVENT_LOOPS = 2;
    /** The proxy refuses more (its AIGW_EVENT_LOOPS range). */
    private static final int MAX_EVENT_LOOPS = 1_024;

    private static final String CORE_API_GROUP = "";
    private static final String RBAC_API_GROUP = "rbac.authorization.k8s.io";
    /** Informers list and watch the one object by a metadata.name field selector, which resourceNames allows. */
    private static final List<String> READ_AND_WATCH = List.of("get", "list", "watch");

    private static final String VERSION = buildVersion();

    private ProxyObjects() {
    }

    /** The proxy of the operator's own version: the default of the operator's PROXY_IMAGE setting. */
    public static String defaultImage() {
        return DEFAULT_IMAGE_REPOSITORY + ":" + VERSION;
    }

    /** spec.proxy.replicas, or the default. */
    public static int desiredReplicas(AIGateway gateway) {
        Integer replicas = proxy(gateway).getReplicas();
        return replicas == null ? DEFAULT_REPLICAS : replicas;
    }

    /** All labels of the proxy's objects. */
    public static Map<String, String> labels(String gateway) {
        Map<String, String> labels = new TreeMap<>(GatewayObjects.labels(gateway));
        labels.putAll(selector(gateway));
        labels.put(COMPONENT_LABEL, COMPONENT);
        return labels;
    }

    /** The equality selector of the Deployment and the Service; immutable once the Deployment exists. */
    public static Map<String, String> selector(String gateway) {
        Map<String, String> selector = new TreeMap<>();
        selector.put(NAME_LABEL, APP_NAME);
        selector.put(INSTANCE_LABEL, gateway);
        return selector;
    }

    /** @param defaultImage the image when spec.proxy.image is unset (the operator's PROXY_IMAGE setting) */
    public static Deployment deployment(AIGateway gateway, String defaultImage) {
        String name = gateway.getMetadata().getName();
        return new DeploymentBuilder()
                .withMetadata(metadata(gateway, GatewayNames.proxyName(name)))
                .withNewSpec()
                .withReplicas(desiredReplicas(gateway))
                .withNewSelector().withMatchLabels(selector(name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(name)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(GatewayNames.proxyName(name))
                .withAutomountServiceAccountToken(true)
                .withTerminationGracePeriodSeconds(
                        (long) ENDPOINT_DRAIN_SECONDS + SHUTDOWN_GRACE_SECONDS + TERMINATION_MARGIN_SECONDS)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(NON_ROOT_ID)
                .withRunAsGroup(NON_ROOT_ID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(gateway, defaultImage))
                // The root file system is read-only; the JVM writes to /tmp.
                .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    public static Service service(AIGateway gateway) {
        String name = gateway.getMetadata().getName();
        Integer port = proxy(gateway).getPort();
        return new ServiceBuilder()
                .withMetadata(metadata(gateway, GatewayNames.serviceName(name)))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector(name))
                .addNewPort().withName(HTTP_PORT_NAME).withProtocol("TCP")
                .withPort(port == null ? DEFAULT_SERVICE_PORT : port)
                .withTargetPort(new IntOrString(HTTP_PORT_NAME)).endPort()
                .addNewPort().withName(METRICS_PORT_NAME).withProtocol("TCP").withPort(ADMIN_PORT)
                .withTargetPort(new IntOrString(ADMIN_PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    public static ServiceAccount serviceAccount(AIGateway gateway) {
        return new ServiceAccountBuilder()
                .withMetadata(metadata(gateway, GatewayNames.proxyName(gateway.getMetadata().getName())))
                .build();
    }

    /**
     * Only what the proxy needs, each by name: its routing ConfigMap (and the shards it lists, which the proxy gets
     * once each) and credentials Secret, the AIUpstreams its config uses (to read) and their status (to report
     * health), and the status of the AIKeys whose use it counts, those with limits or a budget (to report their
     * usage); with a shared rate-limit store, its own AIGateway and its status (to report whether it reaches the
     * store, and learn which replicas do). A rule without names is left out, since a rule with no resourceNames
     * would grant every object of its kind in the namespace.
     */
    public static Role role(AIGateway gateway, Collection<String> upstreams, Collection<String> countedKeys,
            boolean sharedStore, Collection<String> routingShards) {
        String name = gateway.getMetadata().getName();
        List<PolicyRule> rules = new ArrayList<>();
        rules.add(rule(CORE_API_GROUP, "configmaps", READ_AND_WATCH,
                List.of(GatewayNames.routingConfigMapName(name))));
        if (!routingShards.isEmpty()) {
            rules.add(rule(CORE_API_GROUP, "configmaps", List.of("get"), List.copyOf(new TreeSet<>(routingShards))));
        }
        rules.add(rule(CORE_API_GROUP, "secrets", READ_AND_WATCH,
                List.of(GatewayNames.credentialsSecretName(name))));
        if (!upstreams.isEmpty()) {
            List<String> sorted = List.copyOf(new TreeSet<>(upstreams));
            rules.add(rule(AiGatewayApi.GROUP, AiGatewayApi.AI_UPSTREAM_PLURAL, List.of("get"), sorted));
            rules.add(rule(AiGatewayApi.GROUP, AiGatewayApi.AI_UPSTREAM_PLURAL + "/status", List.of("patch"),
                    sorted));
        }
        if (!countedKeys.isEmpty()) {
            rules.add(rule(AiGatewayApi.GROUP, AiGatewayApi.AI_KEY_PLURAL + "/status", List.of("patch"),
                    List.copyOf(new TreeSet<>(countedKeys))));
        }
        if (sharedStore) {
            rules.add(rule(AiGatewayApi.GROUP, AiGatewayApi.AI_GATEWAY_PLURAL, List.of("get"), List.of(name)));
            rules.add(rule(AiGatewayApi.GROUP, AiGatewayApi.AI_GATEWAY_PLURAL + "/status", List.of("patch"),
                    List.of(name)));
        }
        return new RoleBuilder()
                .withMetadata(metadata(gateway, GatewayNames.proxyName(name)))
                .withRules(rules)
                .build();
    }

    public static RoleBinding roleBinding(AIGateway gateway) {
        String name = GatewayNames.proxyName(gateway.getMetadata().getName());
        return new RoleBindingBuilder()
                .withMetadata(metadata(gateway, name))
                .withNewRoleRef().withApiGroup(RBAC_API_GROUP).withKind("Role").withName(name).endRoleRef()
                // No apiGroup: the API server drops an empty one, and the difference would read as a change.
                .addNewSubject().withKind("ServiceAccount").withName(name)
                .withNamespace(gateway.getMetadata().getNamespace()).endSubject()
                .build();
    }

    private static Container container(AIGateway gateway, String defaultImage) {
        ProxySpec proxy = proxy(gateway);
        ResourceRequirements resources = Objects.requireNonNullElseGet(proxy.getResources(),
                ProxyObjects::defaultResources);
        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(proxy.getImage() == null || proxy.getImage().isBlank() ? defaultImage : proxy.getImage())
                .withEnv(environment(gateway.getMetadata().getName(), resources))
                .addNewPort().withName(HTTP_PORT_NAME).withContainerPort(HTTP_PORT).withProtocol("TCP").endPort()
                .addNewPort().withName(ADMIN_PORT_NAME).withContainerPort(ADMIN_PORT).withProtocol("TCP").endPort()
                .withResources(resources)
                // The JVM may take a while to start; liveness only counts once it has answered.
                .withStartupProbe(probe("/healthz", 2, 30))
                .withLivenessProbe(probe("/healthz", 10, 3))
                .withReadinessProbe(probe("/readyz", 5, 2))
                // The sleep action needs no shell in the image (Kubernetes 1.30 and later).
                .withNewLifecycle().withNewPreStop().withNewSleep((long) ENDPOINT_DRAIN_SECONDS)
                .endPreStop().endLifecycle()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
                .build();
    }

    private static List<EnvVar> environment(String gateway, ResourceRequirements resources) {
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVarBuilder().withName(ENV_GATEWAY).withValue(gateway).build(),
                new EnvVarBuilder().withName(ENV_NAMESPACE).withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName(ENV_REPLICA).withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName(ENV_PORT).withValue(Integer.toString(HTTP_PORT)).build(),
                new EnvVarBuilder().withName(ENV_ADMIN_PORT).withValue(Integer.toString(ADMIN_PORT)).build(),
                new EnvVarBuilder().withName(ENV_SHUTDOWN_GRACE_SECONDS)
                        .withValue(Integer.toString(SHUTDOWN_GRACE_SECONDS)).build()));
        eventLoops(resources).ifPresent(loops -> env.add(new EnvVarBuilder().withName(ENV_EVENT_LOOPS)
                .withValue(Integer.toString(loops)).build()));
        return env;
    }

    /**
     * How many event loops the proxy is told to run, if any. With a CPU limit, none: the JVM counts the limit as its
     * CPUs. Without one the JVM would count the node's cores, and a pod that asked for 100m would run 64 loops on a
     * 64-core node, each with its own connections to every provider: so its CPU request rounded up, at least
     * {@value #UNLIMITED_EVENT_LOOPS}.
     */
    static OptionalInt eventLoops(ResourceRequirements resources) {
        if (resources.getLimits() != null && resources.getLimits().containsKey("cpu")) {
            return OptionalInt.empty();
        }
        Quantity request = resources.getRequests() == null ? null : resources.getRequests().get("cpu");
        BigDecimal cores = request == null ? BigDecimal.ZERO
                : request.getNumericalAmount().setScale(0, RoundingMode.CEILING);
        return OptionalInt.of(cores.min(BigDecimal.valueOf(MAX_EVENT_LOOPS)).max(BigDecimal.valueOf(
                UNLIMITED_EVENT_LOOPS)).intValue());
    }

    /** Requests for a small proxy; a memory limit so that the JVM sizes its heap from it. */
    static ResourceRequirements defaultResources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(ADMIN_PORT_NAME)).withScheme("HTTP")
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(1)
                .withSuccessThreshold(1)
                .build();
    }

    private static PolicyRule rule(String apiGroup, String resource, List<String> verbs, List<String> names) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resource).withVerbs(verbs)
                .withResourceNames(names).build();
    }

    private static ObjectMeta metadata(AIGateway gateway, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(gateway.getMetadata().getNamespace())
                .withLabels(labels(gateway.getMetadata().getName())).build();
    }

    private static ProxySpec proxy(AIGateway gateway) {
        ProxySpec proxy = gateway.getSpec() == null ? null : gateway.getSpec().getProxy();
        return proxy == null ? new ProxySpec() : proxy;
    }

    private static String buildVersion() {
        Properties properties = new Properties();
        try (InputStream in = ProxyObjects.class.getResourceAsStream("/io/aigateway/operator/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the operator's classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
