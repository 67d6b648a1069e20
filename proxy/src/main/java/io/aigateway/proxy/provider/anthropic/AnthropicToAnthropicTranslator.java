package io.aigateway.proxy.provider.anthropic;

import io.aigateway.model.Target;
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
 */
public final class AnthropicToAnthropicTranslator implements PassThroughTranslator {

    private static final String BETA_HEADER = "anthropic-beta";

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        Buffer body = PassThroughTranslator.bodyFor(request.body(), model);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("content-type", "application/json");
        String version = request.headers().get(AnthropicApi.VERSION_HEADER);
        headers.set(AnthropicApi.VERSION_HEADER, version == null || version.isBlank() ? AnthropicApi.VERSION
                : version);
        for (String beta : request.headers().getAll(BETA_HEADER)) {
            headers.add(BETA_HEADER, beta);
        }
        return new UpstreamCall(TargetPaths.path(target, AnthropicApi.MESSAGES_PATH), headers, body);
    }

    @Override
    public Buffer streamError(String reason) {
        return SseEncoder.event("error", AnthropicErrors.body("api_error", reason).toString());
    }
}
