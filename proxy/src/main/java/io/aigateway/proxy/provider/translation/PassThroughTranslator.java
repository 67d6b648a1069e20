package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * A translator whose target speaks the client's API: only the request's path, headers and model change; answers,
 * streams and errors (already in the client's format) pass through as they come.
 */
public interface PassThroughTranslator extends Translator {

    /** The client's body as it sent it, but with {@code model} when that is another model; the client's is kept. */
    static Buffer bodyFor(ObjectNode clientBody, String model) {
        return model == null || model.equals(clientBody.path("model").asText(null))
                ? Buffer.buffer(clientBody.toString())
                : Buffer.buffer(clientBody.deepCopy().put("model", model).toString());
    }

    @Override
    default Buffer response(Buffer upstreamBody) {
        return upstreamBody;
    }

    @Override
    default StreamTranslator stream() {
        return new StreamTranslator() {
            @Override
            public Buffer onData(Buffer chunk) {
                return chunk;
            }

            @Override
            public Buffer onEnd() {
                return Buffer.buffer();
            }

            @Override
            public Buffer cut(String reason) {
                return null;
            }
        };
    }

    @Override
    default ClientError error(int status, Buffer upstreamBody) {
        return new ClientError(status, upstreamBody);
    }
}
