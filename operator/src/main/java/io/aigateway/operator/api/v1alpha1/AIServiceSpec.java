package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an AIService. */
public class AIServiceSpec {

    @Required
    @JsonPropertyDescription("The AIUpstream this service sends traffic to, by name in the same namespace.")
    private LocalRef upstreamRef;

    @SchemaFrom(type = ServiceType.class)
    @JsonPropertyDescription("Kind of service. Only 'upstream' (the default) exists today.")
    private String type;

    @Size(max = 1024)
    @JsonPropertyDescription("Free text for people.")
    private String description;

    @Size(max = 32)
    @JsonPropertyDescription("Free labels for people and tools, for example ai, chat.")
    private List<String> tags = new ArrayList<>();

    public LocalRef getUpstreamRef() {
        return upstreamRef;
    }

    public void setUpstreamRef(LocalRef upstreamRef) {
        this.upstreamRef = upstreamRef;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
