package io.aigateway.operator.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names one resource, for diagnostics and messages: {@code AIRule default/chat}. */
public record ResourceRef(String kind, String namespace, String name) implements Comparable<ResourceRef> {

    public static ResourceRef of(HasMetadata resource) {
        return new ResourceRef(resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName());
    }

    @Override
    public int compareTo(ResourceRef other) {
        int byKind = kind.compareTo(other.kind);
        if (byKind != 0) {
            return byKind;
        }
        int byNamespace = String.valueOf(namespace).compareTo(String.valueOf(other.namespace));
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
