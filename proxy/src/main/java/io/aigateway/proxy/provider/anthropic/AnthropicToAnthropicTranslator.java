package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.PassThroughTranslator;
import io.aigateway.proxy.provider.translation.TargetPaths;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic Messages client to an Anthropic target: the body as the client sent it but for {@code model}, to
 * {@code basePath + /messages} (or the target's fixed path); answers, streams and errors as they come.
 *
 * <p>{@code anthropic-version}: the target's configured header wins (the gateway sets target headers after the
 * translator's), then the client's own (it knows which version it reads), then {@value AnthropicApi#VERSION}.
 * The client's {@code anthropic-beta} is passed on too, as betas change what the body may hold. The key is the
 * target's, added outside the translator.
 *
 * <p>Thinking blocks Gemini signed ({@link Reasoning#isGemini}: an earlier turn a Gemini target answered, through
 * the gateway) are left out, as Anthropic documents for a conversation that switches models: Claude refuses
 * their signature, and a tool round trip without them runs with thinking disabled. A body without any is sent as
 * it came.
 */
public final class AnthropicToAnthropicTranslator implements PassThroughTranslator {

    private static final String BETA_HEADER = "anthropic-beta";

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        Buffer body = PassThroughTranslator.bodyFor(withoutGeminiThinking(request.body()), model);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("content-type", "application/json");
        String version = request.headers().get(AnthropicApi.VERSION_HEADER);
        headers.set(AnthropicApi.VERSION_HEADER, version == null || version.isBlank() ? AnthropicApi.VERSION
                : version);
        for (String beta : request.headers().getAll(BETA_HEADER)) {
            headers.add(BETA_HEADER, beta);
        }
        return new UpstreamCall(TargetPaths.path(target, AnthropicApi.MESSAGES_PATH), headers, body);
    }

    /** The body without the thinking blocks Gemini signed: a copy when it has any, else the client's own. */
    static ObjectNode withoutGeminiThinking(ObjectNode body) {
        if (!hasGeminiThinking(body)) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        ArrayNode messages = (ArrayNode) copy.get("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode content = messages.get(i).get("content");
            if (content == null || !content.isArray()) {
                continue;
            }
            for (int j = content.size() - 1; j >= 0; j--) {
                if (geminiThinking(content.get(j))) {
                    ((ArrayNode) content).remove(j);
                }
            }
            if (content.isEmpty()) {
                messages.remove(i); // a turn that held Gemini's signature only; Anthropic joins the turns around it
            }
        }
        return copy;
    }

    private static boolean hasGeminiThinking(ObjectNode body) {
        for (JsonNode message : body.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if (geminiThinking(block)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean geminiThinking(JsonNode block) {
        return "thinking".equals(block.path("type").asText()) && Reasoning.isGemini(block.path("signature").asText());
    }

    @Override
    public Buffer streamError(String reason) {
        return SseEncoder.event("error", AnthropicErrors.body("api_error", reason).toString());
    }
}
