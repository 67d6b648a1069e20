package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How long the proxy waits on its clients, so that connections that send nothing or trickle a request cannot hold
 * it. None of these limits a response: a stream runs as long as its target sends.
 */
public class ClientTimeoutsSpec {

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds a new connection has to send its first request's complete head (request "
            + "line and headers); past it the connection is closed. Default 15.")
    private Integer requestHeadSeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds from the end of a request's head to the end of its body; a body still "
            + "arriving then is answered 408 and its connection closed. A whole deadline rather than a pause "
            + "between chunks, so a body trickled a byte at a time cannot hold a connection. Default 120.")
    private Integer requestBodySeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds a kept-alive connection may wait, from the end of a response, for the next "
            + "request's complete head; past it the connection is closed. Behind a load balancer, set it above the "
            + "balancer's own idle timeout. Default 75.")
    private Integer idleSeconds;

    public Integer getRequestHeadSeconds() {
        return requestHeadSeconds;
    }

    public void setRequestHeadSeconds(Integer requestHeadSeconds) {
        this.requestHeadSeconds = requestHeadSeconds;
    }

    public Integer getRequestBodySeconds() {
        return requestBodySeconds;
    }

    public void setRequestBodySeconds(Integer requestBodySeconds) {
        this.requestBodySeconds = requestBodySeconds;
    }

    public Integer getIdleSeconds() {
        return idleSeconds;
    }

    public void setIdleSeconds(Integer idleSeconds) {
        this.idleSeconds = idleSeconds;
    }
}
