/**
 * OpenAI Chat Completions helpers shared by the translators that speak it on one side: reading and refusing request
 * fields, and building {@code chat.completion.chunk} events.
 */
package io.aigateway.proxy.provider.openai;
