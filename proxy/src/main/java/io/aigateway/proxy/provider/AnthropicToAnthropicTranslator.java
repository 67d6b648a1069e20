package io.aigateway.proxy.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.anthropic.AnthropicApi;
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
final class AnthropicToAnthropicTranslator implements Translator {

    private static final String BETA_HEADER = "anthropic-beta";

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ObjectNode in = request.body();
        Buffer body = model == null || model.equals(in.path("model").asText(null))
                ? Buffer.buffer(in.toString())
                : Buffer.buffer(in.deepCopy().put("model", model).toString());
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
    public Buffer response(Buffer upstreamBody) {
        return upstreamBody;
    }

    @Override
    public StreamTranslator stream() {
        return new StreamTranslator() {
            @Override
            public Buffer onData(Buffer chunk) {
                return chunk;
            }

            @Override
            public Buffer onEnd() {
                return Buffer.buffer();
            }
        };
    }

    /** Anthropic's errors are already in the client's format. */
    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        return new ClientError(status, upstreamBody);
    }
}
