package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** How the operator runs the gateway's proxy. */
public class ProxySpec {

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Number of proxy pods. Default 2.")
    private Integer replicas;

    @JsonPropertyDescription("Proxy container image. Default: the image matching the operator's version.")
    private String image;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port the proxy's Service listens on for client traffic. Default 80; "
            + "the container itself listens on 8080.")
    private Integer port;

    @JsonPropertyDescription("CPU and memory requests and limits of the proxy container. The proxy runs one event "
            + "loop per CPU of a CPU limit; without one, as many as the CPU request rounded up, at least 2.")
    private ResourceRequirements resources;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
