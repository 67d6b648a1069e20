package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads resources from YAML files into a snapshot, as test input. */
final class TestResources {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        List.of(AIGateway.class, AIUpstream.class, AIService.class, AIRule.class, AIKey.class)
                .forEach(SERIALIZATION::registerKubernetesResource);
    }

    private TestResources() {
    }

    static List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            List<HasMetadata> resources = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast)
                        .forEach(resources::add);
            } else if (parsed instanceof HasMetadata single) {
                resources.add(single);
            }
            return resources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Snapshot snapshot(String namespace, List<Path> files) {
        List<HasMetadata> resources = new ArrayList<>();
        files.forEach(file -> resources.addAll(load(file)));
        resources.forEach(r -> {
            if (r.getMetadata().getNamespace() == null) {
                r.getMetadata().setNamespace(namespace);
            }
        });
        return new Snapshot(namespace, ofType(resources, AIGateway.class), ofType(resources, AIUpstream.class),
                ofType(resources, AIService.class), ofType(resources, AIRule.class), ofType(resources, AIKey.class),
                Snapshot.decodeAll(ofType(resources, Secret.class)));
    }

    static String yaml(Object object) {
        return SERIALIZATION.asYaml(object);
    }

    private static <T> List<T> ofType(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
