package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.Algorithm;
import io.aigateway.model.UnsupportedFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an AIUpstream. */
public class AIUpstreamSpec {

    @SchemaFrom(type = Algorithm.class)
    @JsonPropertyDescription("How a request picks a target among the healthy targets of the best priority tier: "
            + "round-robin, weighted-round-robin (smooth, by weight), least-connections (fewest in-flight "
            + "requests), random (weighted), lowest-cost (cheapest for the request's expected tokens, by each "
            + "target's cost) or lowest-latency (fastest over the latency window). Default round-robin.")
    private String algorithm;

    @Required
    @Size(min = 1, max = 32)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u.name == t.name))",
            message = "target names must be unique within an upstream")
    @JsonPropertyDescription("The provider endpoints requests may go to.")
    private List<TargetSpec> targets = new ArrayList<>();

    @JsonPropertyDescription("A circuit breaker per target, fed by failed requests (passive) and by probes (active).")
    private HealthChecksSpec healthChecks;

    @JsonPropertyDescription("How long the proxy waits on a target.")
    private TimeoutsSpec timeouts;

    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Requests each proxy replica sends to one target at once, one connection each; "
            + "more wait up to timeouts.queueSeconds for one to end. Default 4096.")
    private Integer maxConnectionsPerTarget;

    @JsonPropertyDescription("How a request moves on to another target when one fails.")
    private FailoverSpec failover;

    @SchemaFrom(type = UnsupportedFields.class)
    @JsonPropertyDescription("What happens to a request field some targets' APIs cannot honour (such as n > 1 or "
            + "logprobs to Anthropic, Gemini or Bedrock): refuse sends the request only to targets that honour "
            + "every field, and answers 400 naming the field when none does; drop lets any target serve it, "
            + "leaving out the fields that target cannot honour and naming them in the answer's "
            + "X-Dropped-Fields header. Default refuse.")
    private String unsupportedFields;

    @Size(max = 64)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s.model == r.model))",
            message = "each model may have one route")
    @JsonPropertyDescription("Which targets a requested model may go to, chosen before the algorithm: a model with a "
            + "route goes to its targets only, any other to the route of model default; with no default, a model "
            + "without a route is refused with 404. The priority tiers and the algorithm choose among the route's "
            + "targets. Without routes, every target may serve every model, those listing it in models first.")
    private List<ModelRouteSpec> modelRoutes = new ArrayList<>();

    @Size(max = 64)
    @ValidationRule(value = "self.all(m, self.exists_one(n, n.model == m.model))",
            message = "each model may be mapped once")
    @JsonPropertyDescription("Model names clients send (gpt-4, or an alias such as fast) and the model each target "
            + "receives for them; only the targets a name maps may serve it.")
    private List<ModelMappingSpec> modelMapping = new ArrayList<>();

    @JsonPropertyDescription("What the lowest-latency algorithm measures; only with that algorithm.")
    private LatencySpec latency;

    public String getAlgorithm() {
        return algorithm;
    }

    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm;
    }

    public String getUnsupportedFields() {
        return unsupportedFields;
    }

    public void setUnsupportedFields(String unsupportedFields) {
        this.unsupportedFields = unsupportedFields;
    }

    public List<ModelRouteSpec> getModelRoutes() {
        return modelRoutes;
    }

    public void setModelRoutes(List<ModelRouteSpec> modelRoutes) {
        this.modelRoutes = modelRoutes == null ? new ArrayList<>() : modelRoutes;
    }

    public List<ModelMappingSpec> getModelMapping() {
        return modelMapping;
    }

    public void setModelMapping(List<ModelMappingSpec> modelMapping) {
        this.modelMapping = modelMapping == null ? new ArrayList<>() : modelMapping;
    }

    public List<TargetSpec> getTargets() {
        return targets;
    }

    public void setTargets(List<TargetSpec> targets) {
        this.targets = targets == null ? new ArrayList<>() : targets;
    }

    public HealthChecksSpec getHealthChecks() {
        return healthChecks;
    }

    public void setHealthChecks(HealthChecksSpec healthChecks) {
        this.healthChecks = healthChecks;
    }

    public TimeoutsSpec getTimeouts() {
        return timeouts;
    }

    public void setTimeouts(TimeoutsSpec timeouts) {
        this.timeouts = timeouts;
    }

    public Integer getMaxConnectionsPerTarget() {
        return maxConnectionsPerTarget;
    }

    public void setMaxConnectionsPerTarget(Integer maxConnectionsPerTarget) {
        this.maxConnectionsPerTarget = maxConnectionsPerTarget;
    }

    public FailoverSpec getFailover() {
        return failover;
    }

    public void setFailover(FailoverSpec failover) {
        this.failover = failover;
    }

    public LatencySpec getLatency() {
        return latency;
    }

    public void setLatency(LatencySpec latency) {
        this.latency = latency;
    }
}
