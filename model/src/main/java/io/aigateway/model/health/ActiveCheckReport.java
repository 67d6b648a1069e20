package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One replica's last active health check of one target. Lenient when read back, like {@link TargetReport}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActiveCheckReport(
        @JsonPropertyDescription("When the check was sent, RFC 3339.")
        String time,
        @JsonPropertyDescription("Milliseconds until the answer's status arrived, or until the check failed.")
        long latencyMillis,
        @JsonPropertyDescription("Why the check failed: the unexpected status such as 503, or timeout, connection "
                + "refused; absent when it passed. Never a response body or a credential.")
        String error) {
}
