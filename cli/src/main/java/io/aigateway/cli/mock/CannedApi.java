package io.aigateway.cli.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One provider API the mock answers, with canned content: where it is served, what a complete answer, a stream
 * and an error look like. Another API (Anthropic Messages, say) is another implementation registered in
 * {@link MockProvider}; the latency, failure and streaming mechanics stay there.
 */
interface CannedApi {

    /** The request paths of the completion operation, for example {@code /v1/chat/completions}. */
    List<String> paths();

    /** The model named when the request names none. */
    String defaultModel();

    /** The complete answer to a request that did not ask for a stream. */
    Buffer completion(CannedAnswer answer);

    /** The events of a streamed answer, each written as one piece, ending with the API's terminator. */
    List<Buffer> streamEvents(CannedAnswer answer);

    /** An error body in the API's format. */
    Buffer error(int status, String message);

    /** The model list, for {@code GET /v1/models}. */
    JsonObject models(String provider);
}
