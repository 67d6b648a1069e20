/**
 * Server-sent events: an incremental decoder that takes bytes however the network split them and returns complete
 * events, and an encoder. Shared by the translators of providers that stream SSE (Anthropic, Gemini, OpenAI).
 */
package io.aigateway.proxy.provider.sse;
