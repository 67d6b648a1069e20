/**
 * OpenAI Chat Completions helpers shared by the translators that speak it on one side: building
 * {@code chat.completion.chunk} events.
 */
package io.aigateway.proxy.provider.openai;
