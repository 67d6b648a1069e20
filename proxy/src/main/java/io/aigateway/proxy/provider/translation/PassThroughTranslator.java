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

    /** The answer as it came, once it is known to be well-formed JSON (checked, not parsed). */
    @Override
    default Buffer response(Buffer upstreamBody) {
        if (!Json.wellFormed(upstreamBody)) {
            throw new ProviderResponseException("the answer is not well-formed JSON");
        }
        return upstreamBody;
    }

    /** The client API's error event that ends a stream the target broke off. */
    Buffer streamError(String reason);

    @Override
    default StreamTranslator stream() {
        return new ForwardedStream(this::streamError);
    }

    @Override
    default ClientError error(int status, Buffer upstreamBody) {
        return new ClientError(status, upstreamBody);
    }
}
