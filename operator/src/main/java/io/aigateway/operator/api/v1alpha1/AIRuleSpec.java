package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an AIRule. */
public class AIRuleSpec {

    @Required
    @JsonPropertyDescription("The AIGateway this rule belongs to, by name in the same namespace.")
    private LocalRef gatewayRef;

    @Required
    @JsonPropertyDescription("The AIService requests go to, by name in the same namespace.")
    private LocalRef serviceRef;

    @Required
    @Size(min = 1, max = 1024)
    @Pattern("^/")
    @JsonPropertyDescription("Path prefix this rule matches, starting with '/', for example /v1.")
    private String path;

    @Size(max = 7)
    @JsonPropertyDescription("HTTP methods this rule matches: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS. "
            + "Empty: every method.")
    private List<HttpMethod> methods = new ArrayList<>();

    @JsonPropertyDescription("Remove the matched path prefix before the request goes upstream. Default false.")
    private Boolean stripPath;

    @JsonPropertyDescription("An inactive rule keeps its path claimed but serves nothing. Default true.")
    private Boolean active;

    @JsonPropertyDescription("What all client keys using this rule may use together, counted once for the rule in "
            + "the gateway's rateLimitStore, on top of each key's own limits.")
    private UsageLimitsSpec limits;

    public LocalRef getGatewayRef() {
        return gatewayRef;
    }

    public void setGatewayRef(LocalRef gatewayRef) {
        this.gatewayRef = gatewayRef;
    }

    public LocalRef getServiceRef() {
        return serviceRef;
    }

    public void setServiceRef(LocalRef serviceRef) {
        this.serviceRef = serviceRef;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<HttpMethod> getMethods() {
        return methods;
    }

    public void setMethods(List<HttpMethod> methods) {
        this.methods = methods == null ? new ArrayList<>() : methods;
    }

    public Boolean getStripPath() {
        return stripPath;
    }

    public void setStripPath(Boolean stripPath) {
        this.stripPath = stripPath;
    }

    public Boolean getActive() {
        return active;
    }

    public void setActive(Boolean active) {
        this.active = active;
    }

    public UsageLimitsSpec getLimits() {
        return limits;
    }

    public void setLimits(UsageLimitsSpec limits) {
        this.limits = limits;
    }
}
