package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.usage.StoreReports;
import java.util.Objects;

/**
 * Observed state of an AIGateway: written by the operator, except {@code rateLimitStore}, the proxies' reports. The
 * operator applies only its own fields; nulls are left out of the JSON, so a status it applies server-side names
 * none of the proxies' fields and does not take them over.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIGatewayStatus extends ConditionedStatus {

    @JsonPropertyDescription("Revision of the routing config last written to the ConfigMap <name>-routing.")
    private String configRevision;

    @JsonPropertyDescription("Number of routes (AIRules) in the routing config.")
    private Integer routes;

    @JsonPropertyDescription("Number of client keys (AIKeys) in the routing config.")
    private Integer keys;

    @JsonPropertyDescription("Proxy pods of the Deployment <name>-proxy, from its status.")
    private Integer replicas;

    @JsonPropertyDescription("Proxy pods that are ready to serve, from the status of the Deployment <name>-proxy.")
    private Integer readyReplicas;

    @JsonPropertyDescription("With a redis rateLimitStore: whether each proxy replica reaches it, written by the "
            + "replicas themselves when their view flips and every 60 s; the RateLimitStoreAvailable condition is "
            + "computed from the entries younger than " + HealthAggregation.REPORT_TTL_SECONDS + " s.")
    private StoreReports rateLimitStore;

    public String getConfigRevision() {
        return configRevision;
    }

    public void setConfigRevision(String configRevision) {
        this.configRevision = configRevision;
    }

    public Integer getRoutes() {
        return routes;
    }

    public void setRoutes(Integer routes) {
        this.routes = routes;
    }

    public Integer getKeys() {
        return keys;
    }

    public void setKeys(Integer keys) {
        this.keys = keys;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public StoreReports getRateLimitStore() {
        return rateLimitStore;
    }

    public void setRateLimitStore(StoreReports rateLimitStore) {
        this.rateLimitStore = rateLimitStore;
    }

    /** A copy of this status with the proxies' field ({@code rateLimitStore}) taken from {@code reported}. */
    public AIGatewayStatus withProxyFieldsOf(AIGatewayStatus reported) {
        AIGatewayStatus copy = new AIGatewayStatus();
        copy.setObservedGeneration(getObservedGeneration());
        copy.setConditions(getConditions());
        copy.configRevision = configRevision;
        copy.routes = routes;
        copy.keys = keys;
        copy.replicas = replicas;
        copy.readyReplicas = readyReplicas;
        copy.rateLimitStore = reported == null ? null : reported.rateLimitStore;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(configRevision, ((AIGatewayStatus) o).configRevision)
                && Objects.equals(routes, ((AIGatewayStatus) o).routes)
                && Objects.equals(keys, ((AIGatewayStatus) o).keys)
                && Objects.equals(replicas, ((AIGatewayStatus) o).replicas)
                && Objects.equals(readyReplicas, ((AIGatewayStatus) o).readyReplicas)
                && Objects.equals(rateLimitStore, ((AIGatewayStatus) o).rateLimitStore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), configRevision, routes, keys, replicas, readyReplicas, rateLimitStore);
    }
}
