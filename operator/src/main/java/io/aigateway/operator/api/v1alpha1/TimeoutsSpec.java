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
