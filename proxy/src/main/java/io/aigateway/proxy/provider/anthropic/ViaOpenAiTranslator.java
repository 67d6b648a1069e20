package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.buffer.Buffer;

/**
 * An Anthropic Messages client to a target that OpenAI Chat Completions reaches through a translator of its own
 * (Gemini, Bedrock, Azure OpenAI): the request goes Anthropic → OpenAI ({@link AnthropicToOpenAiTranslator}) →
 * the target's API ({@code inner}); answers, streams and errors come back the other way, the target's API →
 * OpenAI ({@code inner}) → Anthropic. One instance serves one attempt, like both translators it holds.
 */
public final class ViaOpenAiTranslator implements Translator {

    private final AnthropicToOpenAiTranslator outer = new AnthropicToOpenAiTranslator();
    private final Translator inner;

    /** @param inner a fresh OpenAI Chat Completions translator for the target */
    public ViaOpenAiTranslator(Translator inner) {
        this.inner = inner;
    }

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ClientRequest openAi = new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS,
                outer.openAiRequest(request, model, target.provider(), true), request.stream(), request.headers());
        return inner.request(openAi, target, model);
    }

    /**
     * What either leg cannot honour, named as the client named it. Of the fields the first leg writes, only
     * {@code stop} is refused by a second leg (the Responses API has no stop sequences).
     */
    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        outer.checkHonoured(body, target);
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && stops.isArray() && !stops.isEmpty()) {
            try {
                inner.checkHonoured(body.objectNode().set("stop", stops), target);
            } catch (TranslationException e) {
                throw new TranslationException("stop_sequences", e.getMessage());
            }
        }
    }

    @Override
    public Buffer response(Buffer upstreamBody) {
        return outer.response(inner.response(upstreamBody));
    }

    @Override
    public StreamTranslator stream() {
        StreamTranslator first = inner.stream();
        StreamTranslator second = outer.stream();
        return new StreamTranslator() {
            @Override
            public Buffer onData(Buffer chunk) {
                Buffer openAi = first.onData(chunk);
                return openAi.length() == 0 ? openAi : second.onData(openAi);
            }

            @Override
            public Buffer onEnd() {
                Buffer out = second.onData(first.onEnd());
                return out.appendBuffer(second.onEnd());
            }

            @Override
            public Buffer cut(String reason) {
                // an error the inner translator already sent has ended the outer stream: it sends nothing more
                return second.cut(reason);
            }
        };
    }

    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        ClientError openAi = inner.error(status, upstreamBody);
        return outer.error(openAi.status(), openAi.body());
    }
}
