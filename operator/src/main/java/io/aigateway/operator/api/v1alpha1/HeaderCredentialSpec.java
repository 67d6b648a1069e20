package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A header whose whole value comes from a Secret. */
public class HeaderCredentialSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
    @JsonPropertyDescription("Header name, for example Authorization.")
    private String name;

    @Required
    @JsonPropertyDescription("Secret key holding the whole header value, for example 'Bearer sk-...'.")
    private SecretKeyRef valueFrom;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public SecretKeyRef getValueFrom() {
        return valueFrom;
    }

    public void setValueFrom(SecretKeyRef valueFrom) {
        this.valueFrom = valueFrom;
    }
}
