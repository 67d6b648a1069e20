/**
 * OpenAI Chat Completions, the API every other provider is translated to and from: reading and refusing request
 * fields, and building its answers for every translator that returns them ({@code chat.completion} and
 * {@code usage} in {@link io.aigateway.proxy.provider.openai.OpenAiAnswers}, {@code chat.completion.chunk}s in
 * {@link io.aigateway.proxy.provider.openai.OpenAiChunks}). Azure OpenAI is here too: it speaks this API (body,
 * answers, errors) and differs only in its URL and key header.
 */
package io.aigateway.proxy.provider.openai;
