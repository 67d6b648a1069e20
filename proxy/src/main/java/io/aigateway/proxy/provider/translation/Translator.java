package io.aigateway.proxy.provider.translation;

import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Translates one attempt between the client's API and one target's API: the request, the answer (whole or
 * streamed) and errors. An instance serves one attempt and may hold state; it never mutates the client's request.
 */
public interface Translator {

    /**
     * @param model the model to send: the requested one, or the target's default when it does not serve it
     * @throws TranslationException when a field cannot be honoured without changing the answer
     */
    UpstreamCall request(ClientRequest request, Target target, String model);

    /**
     * A successful, non-streamed answer in the client's format.
     *
     * @throws ProviderResponseException when the body is not what the target's API promises
     */
    Buffer response(Buffer upstreamBody);

    /** A fresh translator for a streamed answer. */
    StreamTranslator stream();

    /** A target's error answer (4xx other than 429 pass through here) in the client's format. */
    ClientError error(int status, Buffer upstreamBody);

    /** As {@link #error(int, Buffer)}, for providers that put the error's kind in a header (Bedrock). */
    default ClientError error(int status, MultiMap upstreamHeaders, Buffer upstreamBody) {
        return error(status, upstreamBody);
    }
}
