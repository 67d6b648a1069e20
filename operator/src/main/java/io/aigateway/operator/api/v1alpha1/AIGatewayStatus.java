package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Observed state of an AIGateway, written by the operator. */
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

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(configRevision, ((AIGatewayStatus) o).configRevision)
                && Objects.equals(routes, ((AIGatewayStatus) o).routes)
                && Objects.equals(keys, ((AIGatewayStatus) o).keys)
                && Objects.equals(replicas, ((AIGatewayStatus) o).replicas)
                && Objects.equals(readyReplicas, ((AIGatewayStatus) o).readyReplicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), configRevision, routes, keys, replicas, readyReplicas);
    }
}
