package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.Kubectl;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: the real kubectl (built from the same Kubernetes sources) against kube-apiserver with the
 * committed CRDs, finding our kinds by the names a user types. What kubectl resolves a name to comes from the
 * server's discovery (names, singular names, short names, categories) and what it prints from the CRDs' printer
 * columns and schema; the mock has neither. A sample's five resources are created as the admin; no operator runs,
 * so the test writes the status the printer columns read itself.
 */
class KubectlIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();
    private static final String SAMPLE = "weighted";
    private static final String GATEWAY = "weighted";
    private static final String UPSTREAM = "weighted-upstream";

    private List<CustomResourceDefinition> crds;
    /** What the sample created, as kubectl -o name prints it: aigateway.aigateway.io/weighted, ... */
    private List<String> created;

    @BeforeEach
    void createTheSample() {
        crds = Crds.applyCommitted(KUBE.admin());
        Path sample = Path.of(System.getProperty("aigateway.samples.dir", "../samples"), SAMPLE, "gateway.yaml");
        created = lines(kubectl("create", "-f", sample.toString(), "-o", "name").successOutput());
        assertThat(created).hasSize(5);
    }

    @Test
    void shouldGetOneAIGatewayByItsSingularName() {
        assertThat(lines(kubectl("get", "aigateway", GATEWAY, "-o", "name").successOutput()))
                .containsExactly("aigateway.aigateway.io/" + GATEWAY);
        assertThat(lines(kubectl("get", "aigateway", GATEWAY).successOutput())).hasSize(2)
                .last().satisfies(row -> assertThat(columns(row)).first().isEqualTo(GATEWAY));
    }

    @Test
    void shouldDescribeOneAIGatewayByItsSingularName() {
        assertThat(kubectl("describe", "aigateway", GATEWAY).successOutput())
                .containsPattern("(?m)^Name:\\s+" + GATEWAY + "$")
                .containsPattern("(?m)^Kind:\\s+AIGateway$")
                .contains("ai.example.com");
    }

    @Test
    void shouldShowTheHealthyColumnOfUpstreams() {
        kubectl("patch", "aiupstream", UPSTREAM, "--subresource=status", "--type=merge", "-p", """
                {"status": {"healthy": "1/2", "targetCount": 2,
                 "conditions": [{"type": "Accepted", "status": "True", "reason": "Accepted", "message": "valid"}]}}
                """).successOutput();

        List<String> table = lines(kubectl("get", "aiupstreams").successOutput());
        assertThat(columns(table.get(0))).containsExactly("NAME", "AGE", "ALGORITHM", "HEALTHY", "TARGETS");
        assertThat(columns(table.get(1))).hasSize(5).satisfies(row -> assertThat(List.of(row.get(0), row.get(2),
                row.get(3), row.get(4))).containsExactly(UPSTREAM, "weighted-round-robin", "1/2", "2"));
        List<String> wide = lines(kubectl("get", "aiupstreams", "-o", "wide").successOutput());
        assertThat(columns(wide.get(0))).contains("ACCEPTED");
        assertThat(columns(wide.get(1)).get(columns(wide.get(0)).indexOf("ACCEPTED"))).isEqualTo("True");
    }

    @Test
    void shouldExplainTheTargetsOfAnUpstream() {
        JSONSchemaProps targets = crds.stream()
                .filter(crd -> crd.getSpec().getNames().getKind().equals(HasMetadata.getKind(AIUpstream.class)))
                .findFirst().orElseThrow().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec").getProperties().get("targets");

        String explain = kubectl("explain", "aiupstream.spec.targets").successOutput();

        assertThat(explain).containsPattern("(?m)^KIND:\\s+AIUpstream$")
                .contains("FIELD: targets <[]Object>")
                .contains(targets.getDescription());
        JSONSchemaProps target = targets.getItems().getSchema();
        assertThat(target.getProperties()).isNotEmpty().allSatisfy((name, field) -> assertThat(explain)
                .containsPattern("(?m)^  " + name + "\\s+<"
                        + (target.getRequired().contains(name) ? ".*-required-$" : "")));
    }

    @Test
    void shouldDeleteOnlyAIGatewaysWithAll() {
        String gateway = "aigateway.aigateway.io/" + GATEWAY;

        assertThat(lines(kubectl("delete", "aigateway", "--all", "-o", "name").successOutput()))
                .containsExactly(gateway);

        assertThat(lines(kubectl("get", AIGateway.CATEGORY, "-o", "name").successOutput()))
                .containsExactlyInAnyOrderElementsOf(created.stream().filter(name -> !name.equals(gateway)).toList());
    }

    @Test
    void shouldListTheFiveKindsByTheirCategory() {
        assertThat(lines(kubectl("get", AIGateway.CATEGORY, "-o", "name").successOutput()))
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(created).extracting(name -> name.substring(0, name.indexOf('/'))).containsExactlyInAnyOrder(
                "aigateway.aigateway.io", "aiupstream.aigateway.io", "aiservice.aigateway.io",
                "airule.aigateway.io", "aikey.aigateway.io");
    }

    /** kubectl resolves a category only when no resource is called so: it tries the resource names first. */
    @Test
    void shouldHaveACategoryThatNoResourceIsNamed() {
        List<String> names = new ArrayList<>();
        Map<String, List<String>> ourCategories = new TreeMap<>();
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        KUBE.admin().getApiGroups().getGroups().forEach(group -> group.getVersions()
                .forEach(version -> groupVersions.add(version.getGroupVersion())));
        for (String groupVersion : groupVersions) {
            for (APIResource resource : KUBE.admin().getApiResources(groupVersion).getResources()) {
                names.add(resource.getName());
                names.add(resource.getSingularName());
                names.addAll(resource.getShortNames());
                boolean ours = groupVersion.equals(AiGatewayApi.GROUP + "/" + AiGatewayApi.VERSION);
                if (ours && !resource.getName().contains("/")) {
                    ourCategories.put(resource.getKind(), resource.getCategories());
                }
            }
        }

        assertThat(ourCategories).as("the categories of our kinds in the server's discovery").hasSize(5)
                .allSatisfy((kind, categories) -> assertThat(categories).containsExactly(AIGateway.CATEGORY));
        assertThat(names).as("names, singular names and short names the server knows")
                .contains("aigateway", "aigateways", "aigw", "pods").doesNotContain(AIGateway.CATEGORY);
    }

    private static Kubectl.Result kubectl(String... args) {
        List<String> inNamespace = new ArrayList<>(List.of("--namespace", KUBE.namespace()));
        inNamespace.addAll(Arrays.asList(args));
        return KUBE.cluster().kubectl(inNamespace.toArray(String[]::new));
    }

    private static List<String> lines(String output) {
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static List<String> columns(String row) {
        return Stream.of(row.trim().split("\\s+")).toList();
    }
}
