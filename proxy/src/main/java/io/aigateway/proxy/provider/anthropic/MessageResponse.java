package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A Messages answer ({@code type: message}); also the partial message of a stream's {@code message_start}. */
public record MessageResponse(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_sequence") String stopSequence,
        Usage usage) {
}
