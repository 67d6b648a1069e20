/**
 * OpenAI Chat Completions, the API every other provider is translated to and from: reading and refusing request
 * fields, and building {@code chat.completion.chunk} events. Azure OpenAI is here too: it speaks this API (body,
 * answers, errors) and differs only in its URL and key header.
 */
package io.aigateway.proxy.provider.openai;
