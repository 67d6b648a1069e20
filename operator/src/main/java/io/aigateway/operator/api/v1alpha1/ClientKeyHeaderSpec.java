package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A request header that may carry a client key. */
public class ClientKeyHeaderSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
    @JsonPropertyDescription("Header name, for example Authorization or x-api-key.")
    private String name;

    @Size(max = 32)
    @Pattern("^[A-Za-z][-A-Za-z0-9]*$")
    @JsonPropertyDescription("Scheme that precedes the key in the header value, for example Bearer. "
            + "Empty: the header value is the key itself.")
    private String scheme;

    public ClientKeyHeaderSpec() {
    }

    public ClientKeyHeaderSpec(String name, String scheme) {
        this.name = name;
        this.scheme = scheme;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getScheme() {
        return scheme;
    }

    public void setScheme(String scheme) {
        this.scheme = scheme;
    }
}
