package io.aigateway.proxy.provider.anthropic;

/** Anthropic's error body: {@code {"type":"error","error":{"type":…,"message":…}}}, also a stream's error event. */
public record ErrorBody(String type, Detail error) {

    /** @param type for example {@code invalid_request_error}, {@code overloaded_error} */
    public record Detail(String type, String message) {
    }
}
