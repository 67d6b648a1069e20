package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type":…,"message":…}}}, and the error type Anthropic
 * uses for each status. Used for the gateway's own errors to Anthropic clients and for translated target errors.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /**
     * Anthropic's error type for a status: 400 {@code invalid_request_error}, 401 {@code authentication_error},
     * 402 {@code billing_error}, 403 {@code permission_error}, 404 {@code not_found_error}, 413
     * {@code request_too_large}, 429 {@code rate_limit_error}, 503 and 529 {@code overloaded_error}, other 5xx
     * (502, 504 included) {@code api_error}; other 4xx {@code invalid_request_error}.
     */
    public static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The error body. */
    public static ObjectNode body(String type, String message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", "error");
        ObjectNode error = out.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return out;
    }
}
