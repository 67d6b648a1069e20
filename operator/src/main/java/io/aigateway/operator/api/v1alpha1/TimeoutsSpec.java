package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How long the proxy waits on a target of this upstream. */
public class TimeoutsSpec {

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds to open a connection to a target. Default 5.")
    private Integer connectSeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds from sending a request to the response headers; past it the target counts "
            + "as failed and the request fails over (504 when no target is left). A non-streamed completion "
            + "sends its headers only when it is done, so allow for the longest one. Default 300.")
    private Integer responseSeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds allowed between two chunks of a response body, streams included; past it "
            + "the response is cut. Default 120.")
    private Integer idleSeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds a request may wait for a free connection to a target that has "
            + "maxConnectionsPerTarget in use; not counted in connectSeconds. Past it the request tries the next "
            + "target, or gets the gateway's own overload answer (503, or 529 to Anthropic clients, with "
            + "Retry-After); the target's health is not affected. Default 10.")
    private Integer queueSeconds;

    public Integer getQueueSeconds() {
        return queueSeconds;
    }

    public void setQueueSeconds(Integer queueSeconds) {
        this.queueSeconds = queueSeconds;
    }

    public Integer getConnectSeconds() {
        return connectSeconds;
    }

    public void setConnectSeconds(Integer connectSeconds) {
        this.connectSeconds = connectSeconds;
    }

    public Integer getResponseSeconds() {
        return responseSeconds;
    }

    public void setResponseSeconds(Integer responseSeconds) {
        this.responseSeconds = responseSeconds;
    }

    public Integer getIdleSeconds() {
        return idleSeconds;
    }

    public void setIdleSeconds(Integer idleSeconds) {
        this.idleSeconds = idleSeconds;
    }
}
