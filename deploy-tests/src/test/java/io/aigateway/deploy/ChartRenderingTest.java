package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.aigateway.kubetest.RenderedChart;
import io.aigateway.operator.reconciler.gateway.ProxyObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart, linted and rendered by Helm with default and other values, against the Kubernetes schemas. */
class ChartRenderingTest {

    private static final String NAMESPACE_LIST = """
            watchNamespaces: [team-a, team-b]
            """;
    private static final String NO_LEADER_ELECTION = """
            leaderElection: {enabled: false}
            replicaCount: 1
            """;
    private static final String SERVICE_MONITOR = """
            metrics:
              serviceMonitor:
                enabled: true
                labels: {release: prometheus}
                interval: 15s
            """;
    private static final String CUSTOM_IMAGE_AND_RESOURCES = """
            image: {repository: registry.example/aigw/operator, tag: 1.2.3, pullPolicy: Always}
            proxyImage: {repository: registry.example/aigw/proxy, tag: 1.2.3}
            resources:
              requests: {cpu: 250m, memory: 300Mi}
              limits: {memory: 1Gi}
            logLevel: debug
            nodeSelector: {kubernetes.io/os: linux}
            tolerations: [{key: dedicated, operator: Equal, value: operators, effect: NoSchedule}]
            """;

    @Test
    void shouldLintWithoutErrorsOrWarnings() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]")
                || message.contains("[WARNING]"));
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", NAMESPACE_LIST, NO_LEADER_ELECTION, SERVICE_MONITOR, CUSTOM_IMAGE_AND_RESOURCES})
    void shouldRenderOnlyManifestsTheKubernetesSchemasAccept(String values) {
        List<Map<String, Object>> documents = RenderedChart.render(values).documents();

        assertThat(documents).isNotEmpty();
        documents.forEach(KubernetesSchemas::validate);
    }

    @Test
    void shouldRejectAManifestWithAFieldTheKubernetesSchemaDoesNotKnow() {
        Map<String, Object> deployment = RenderedChart.render("").documents().stream()
                .filter(document -> "Deployment".equals(document.get("kind"))).findFirst().orElseThrow();
        String json = RenderedChart.SERIALIZATION.asJson(deployment).replace("\"imagePullPolicy\"",
                "\"imagePullPolicyy\"");

        assertThatThrownBy(() -> KubernetesSchemas.validate(RenderedChart.SERIALIZATION.unmarshal(json, Map.class)))
                .hasMessageContaining("imagePullPolicyy");
    }

    @Test
    void shouldRejectAServiceMonitorWithAFieldItsSchemaDoesNotKnow() {
        Map<String, Object> monitor = RenderedChart.render(SERVICE_MONITOR).documents().stream()
                .filter(document -> "ServiceMonitor".equals(document.get("kind"))).findFirst().orElseThrow();
        String json = RenderedChart.SERIALIZATION.asJson(monitor).replace("\"interval\"", "\"intervall\"");

        assertThatThrownBy(() -> KubernetesSchemas.validate(RenderedChart.SERIALIZATION.unmarshal(json, Map.class)))
                .hasMessageContaining("intervall");
    }

    /** Helm installs crds/ as it is, without templating, and helm template leaves it out: read it directly. */
    @Test
    void shouldShipCrdsOfEveryKindThatApiextensionsV1Accepts() throws IOException {
        List<Map<String, Object>> crds;
        try (Stream<Path> files = Files.list(RenderedChart.CHART.resolve("crds"))) {
            crds = files.sorted().map(RenderedChart::readDocument).toList();
        }

        crds.forEach(KubernetesSchemas::validate);
        assertThat(crds).extracting(crd -> RenderedChart.SERIALIZATION.convertValue(crd,
                        CustomResourceDefinition.class).getSpec().getNames().getKind())
                .containsExactlyInAnyOrder("AIGateway", "AIUpstream", "AIService", "AIRule", "AIKey");
    }

    @Test
    void shouldWatchAllNamespacesWithAClusterRoleByDefault() {
        RenderedChart chart = RenderedChart.render("");

        ClusterRole role = chart.one(ClusterRole.class).orElseThrow();
        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class).orElseThrow();
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(this::isTheOperatorsServiceAccount);
        assertThat(chart.all(Role.class)).as("only the leader-election Role").extracting(this::namespacedName)
                .containsExactly("ai-gateway-system/ai-gateway-operator-leader-election");
        assertThat(env(chart)).containsEntry("WATCH_NAMESPACES", "")
                .containsEntry("LEADER_ELECTION", "true")
                .containsEntry("OPERATOR_NAMESPACE", "fieldRef:metadata.namespace")
                .containsEntry("METRICS_PORT", "8080")
                .containsEntry("PROXY_IMAGE", "ghcr.io/ai-gateway-operator/proxy:" + RenderedChart.APP_VERSION)
                .containsEntry("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        assertThat(deployment(chart).getSpec().getReplicas()).isEqualTo(2);
        assertThat(chart.one(ServiceAccount.class)).isPresent();
    }

    @Test
    void shouldGrantARolePerWatchedNamespaceAndNothingClusterWideForANamespaceList() {
        RenderedChart chart = RenderedChart.render(NAMESPACE_LIST);

        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
        assertThat(chart.all(Role.class)).extracting(this::namespacedName).containsExactlyInAnyOrder(
                "team-a/ai-gateway-operator", "team-b/ai-gateway-operator",
                "ai-gateway-system/ai-gateway-operator-leader-election");
        Map<String, RoleBinding> bindings = chart.all(RoleBinding.class).stream()
                .collect(Collectors.toMap(this::namespacedName, Function.identity()));
        assertThat(bindings).containsOnlyKeys("team-a/ai-gateway-operator", "team-b/ai-gateway-operator",
                "ai-gateway-system/ai-gateway-operator-leader-election");
        bindings.values().forEach(binding -> {
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement().satisfies(this::isTheOperatorsServiceAccount);
        });
        Role teamA = chart.all(Role.class).stream()
                .filter(role -> role.getMetadata().getNamespace().equals("team-a")).findFirst().orElseThrow();
        assertThat(teamA.getRules()).isEqualTo(RenderedChart.render("").one(ClusterRole.class).orElseThrow()
                .getRules());
        assertThat(env(chart)).containsEntry("WATCH_NAMESPACES", "team-a,team-b");
    }

    @Test
    void shouldLeaveOutTheLeaseRoleWithoutLeaderElection() {
        RenderedChart chart = RenderedChart.render(NO_LEADER_ELECTION);

        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(chart.all(RoleBinding.class)).isEmpty();
        assertThat(env(chart)).containsEntry("LEADER_ELECTION", "false");
        assertThat(deployment(chart).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void shouldRefuseSeveralReplicasWithoutLeaderElection() {
        assertThatThrownBy(() -> RenderedChart.render("leaderElection: {enabled: false}\nreplicaCount: 2\n"))
                .hasMessageContaining("replicaCount above 1 needs leaderElection.enabled");
    }

    @Test
    void shouldRefuseValuesTheSchemaDoesNotAllow() {
        assertThatThrownBy(() -> RenderedChart.render("logLevel: verbose\n")).hasMessageContaining("logLevel");
        assertThatThrownBy(() -> RenderedChart.render("watchNamespace: [team-a]\n"))
                .hasMessageContaining("watchNamespace");
    }

    @Test
    void shouldRunNonRootWithAReadOnlyRootFileSystemAndNoCapabilities() {
        PodSpec pod = deployment(RenderedChart.render("")).getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getServiceAccountName()).isEqualTo(RenderedChart.RELEASE);
    }

    @Test
    void shouldProbeHealthzAndReadyzOnTheMetricsPort() {
        RenderedChart chart = RenderedChart.render("metrics: {port: 9091}\n");
        Container operator = deployment(chart).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getContainerPort()).isEqualTo(9091);
        });
        assertThat(probe(operator.getStartupProbe())).isEqualTo("/healthz on metrics");
        assertThat(probe(operator.getLivenessProbe())).isEqualTo("/healthz on metrics");
        assertThat(probe(operator.getReadinessProbe())).isEqualTo("/readyz on metrics");
        assertThat(env(chart)).containsEntry("METRICS_PORT", "9091");
        Service service = chart.one(Service.class).orElseThrow();
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(9091);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
        });
        assertThat(service.getSpec().getSelector()).containsExactlyInAnyOrderEntriesOf(
                deployment(chart).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void shouldRenderAServiceMonitorOnlyWhenAsked() {
        assertThat(RenderedChart.render("").documents()).noneMatch(document -> "ServiceMonitor".equals(
                document.get("kind")));
        RenderedChart chart = RenderedChart.render(SERVICE_MONITOR);

        ServiceMonitor monitor = chart.one(ServiceMonitor.class).orElseThrow();
        Service service = chart.one(Service.class).orElseThrow();
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(service.getMetadata().getLabels()).as("the Service the ServiceMonitor selects")
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getName());
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(endpoint.getInterval()).isEqualTo("15s");
        });
        assertThatThrownBy(() -> RenderedChart.render(SERVICE_MONITOR + "  enabled: false\n"))
                .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.enabled");
    }

    @Test
    void shouldTakeTheImageResourcesLogLevelAndSchedulingFromTheValues() {
        RenderedChart chart = RenderedChart.render(CUSTOM_IMAGE_AND_RESOURCES);
        PodSpec pod = deployment(chart).getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().get(0);

        assertThat(operator.getImage()).isEqualTo("registry.example/aigw/operator:1.2.3");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(operator.getResources().getRequests()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cpu", new Quantity("250m"), "memory", new Quantity("300Mi")));
        assertThat(operator.getResources().getLimits()).containsExactlyEntriesOf(Map.of("memory",
                new Quantity("1Gi")));
        assertThat(env(chart)).containsEntry("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug")
                .containsEntry("PROXY_IMAGE", "registry.example/aigw/proxy:1.2.3");
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations()).singleElement()
                .satisfies(toleration -> assertThat(toleration.getKey()).isEqualTo("dedicated"));
    }

    /**
     * One version: the Maven project's. Jib tags both images with it (ImageConfigTest, cli module), the operator
     * defaults to the proxy image of its own version, and the chart's version and appVersion must equal it.
     */
    @Test
    void shouldRunTheImagesThisBuildProducesByDefault() {
        String built = System.getProperty("aigateway.project.version");
        assertThat(built).as("the build passes the project version (deploy-tests/pom.xml)").isNotBlank();
        RenderedChart chart = RenderedChart.render("");

        assertThat(RenderedChart.APP_VERSION).as("Chart.yaml appVersion").isEqualTo(built);
        assertThat(RenderedChart.CHART_VERSION).as("Chart.yaml version").isEqualTo(built);
        assertThat(deployment(chart).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/ai-gateway-operator/operator:" + built);
        assertThat(env(chart).get("PROXY_IMAGE")).as("the operator's own default, which the chart passes on")
                .isEqualTo(ProxyObjects.defaultImage())
                .isEqualTo(ProxyObjects.DEFAULT_IMAGE_REPOSITORY + ":" + built);
    }

    private void isTheOperatorsServiceAccount(Subject subject) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(RenderedChart.RELEASE);
        assertThat(subject.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    }

    private String namespacedName(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private static Deployment deployment(RenderedChart chart) {
        return chart.one(Deployment.class).orElseThrow();
    }

    private static Map<String, String> env(RenderedChart chart) {
        return deployment(chart).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom() == null ? env.getValue()
                        : "fieldRef:" + env.getValueFrom().getFieldRef().getFieldPath()));
    }

    private static String probe(Probe probe) {
        return probe.getHttpGet().getPath() + " on " + probe.getHttpGet().getPort().getStrVal();
    }
}
