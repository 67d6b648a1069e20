package io.aigateway.proxy.provider;

/** The APIs clients speak to the gateway. */
public enum ClientApi {
    /** OpenAI Chat Completions: {@code POST …/chat/completions}. */
    OPENAI_CHAT_COMPLETIONS,
    /** Anthropic Messages: {@code POST …/messages}. */
    ANTHROPIC_MESSAGES
}
