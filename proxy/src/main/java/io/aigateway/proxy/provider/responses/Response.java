package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A response object ({@code object: response}): the whole answer, and the snapshot carried by the stream's
 * {@code response.created}, {@code response.completed}, {@code response.incomplete} and {@code response.failed}.
 *
 * @param status {@code completed}, {@code incomplete}, {@code failed}, {@code in_progress}, …
 */
public record Response(
        String id,
        String object,
        @JsonProperty("created_at") Long createdAt,
        String status,
        String model,
        List<OutputItem> output,
        @JsonProperty("incomplete_details") IncompleteDetails incompleteDetails,
        ErrorDetail error,
        Usage usage) {

    public static final String COMPLETED = "completed";
    public static final String INCOMPLETE = "incomplete";
    public static final String FAILED = "failed";

    /** Why a response is incomplete: {@code max_output_tokens} or {@code content_filter}. */
    public record IncompleteDetails(String reason) {
    }
}
