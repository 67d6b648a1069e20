package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A reference by name to a resource in the same namespace. */
public class LocalRef {

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the referenced resource, in the same namespace as the referring one.")
    private String name;

    public LocalRef() {
    }

    public LocalRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalRef other && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }
}
