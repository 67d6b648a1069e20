package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The compiled form of one target. */
public class TargetStatus {

    @JsonPropertyDescription("Name of the target.")
    private String name;

    @JsonPropertyDescription("Provider of the target.")
    private String provider;

    @JsonPropertyDescription("Resolved endpoint the proxy sends requests to, without credentials.")
    private String endpoint;

    public TargetStatus() {
    }

    public TargetStatus(String name, String provider, String endpoint) {
        this.name = name;
        this.provider = provider;
        this.endpoint = endpoint;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetStatus other && Objects.equals(name, other.name)
                && Objects.equals(provider, other.provider) && Objects.equals(endpoint, other.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, provider, endpoint);
    }
}
