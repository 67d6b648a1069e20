package io.aigateway.kubetest;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart as Helm renders it (helm-java runs Helm's own engine, so values.schema.json is enforced too), for the
 * release {@value #RELEASE} in namespace {@value #NAMESPACE}, split into its documents.
 */
public final class RenderedChart {

    public static final Path CHART = Optional.ofNullable(System.getProperty("aigateway.chart.dir")).map(Path::of)
            .orElseGet(() -> ProjectFiles.root().resolve("charts/ai-gateway-operator"));
    public static final String RELEASE = "ai-gateway-operator";
    public static final String NAMESPACE = "ai-gateway-system";
    /** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion); Helm assumes 1.20 otherwise. */
    public static final String KUBE_VERSION = "v1.30.0";

    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Chart.yaml's appVersion: the tag of the images the chart runs by default. */
    public static final String APP_VERSION = chartField("appVersion");
    /** Chart.yaml's version. */
    public static final String CHART_VERSION = chartField("version");

    private final List<Map<String, Object>> documents;

    private RenderedChart(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    private static String chartField(String name) {
        return String.valueOf(readDocument(CHART.resolve("Chart.yaml")).get(name));
    }

    /** Renders with the chart's defaults overridden by {@code valuesYaml} (empty: the defaults alone). */
    public static RenderedChart render(String valuesYaml) {
        try {
            Path values = Files.createTempFile("values-", ".yaml");
            try {
                Files.writeString(values, valuesYaml);
                TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION).withValuesFile(values);
                return new RenderedChart(documents(template.call()));
            } finally {
                Files.delete(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rendered document, as parsed YAML. */
    public List<Map<String, Object>> documents() {
        return documents;
    }

    /** The documents of {@code kind}, typed. */
    public <T extends HasMetadata> List<T> all(Class<T> type) {
        String kind = HasMetadata.getKind(type);
        return documents.stream().filter(document -> kind.equals(document.get("kind")))
                .map(document -> SERIALIZATION.convertValue(document, type)).toList();
    }

    /** The one document of {@code kind}, typed; fails when there are several. */
    public <T extends HasMetadata> Optional<T> one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() > 1) {
            throw new AssertionError("expected at most one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.stream().findFirst();
    }

    /** Every document as a generic resource: kind, metadata and the rest as maps. */
    public List<GenericKubernetesResource> resources() {
        return documents.stream().map(document -> SERIALIZATION.convertValue(document,
                GenericKubernetesResource.class)).toList();
    }

    /** A file holding one YAML document, parsed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readDocument(Path file) {
        try {
            return (Map<String, Object>) SERIALIZATION.unmarshal(Files.readString(file), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> !document.lines().allMatch(line -> line.isBlank()
                        || line.strip().startsWith("#")))
                .map(document -> (Map<String, Object>) SERIALIZATION.unmarshal(document, Map.class))
                .toList();
    }
}
