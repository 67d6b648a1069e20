package io.aigateway.proxy.provider.translation;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * What one attempt sends to a target, before authentication is added.
 *
 * @param path the request path and query on the target's host, for example {@code /v1/messages} or
 *     {@code /v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse}
 * @param headers provider-specific headers other than credentials ({@code anthropic-version}, content type)
 */
public record UpstreamCall(String path, MultiMap headers, Buffer body) {
}
