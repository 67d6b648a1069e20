package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
     * Checks, without translating, the request fields the target's API has no equivalent for ({@code n > 1},
     * {@code logprobs}, ...): what an upstream may route around or drop, unlike a malformed field, which only
     * {@link #request} refuses. Cheap: called for every target a mixed upstream may choose.
     *
     * @param body the client's request JSON, not mutated
     * @param target the target this translator serves, as {@link #request} gets it
     * @throws TranslationException naming the first such top-level field
     */
    default void checkHonoured(ObjectNode body, Target target) {
    }

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
