package io.aigateway.proxy.provider.translation;

/** The APIs clients speak to the gateway. */
public enum ClientApi {
    /** OpenAI Chat Completions: {@code POST …/chat/completions}. */
    OPENAI_CHAT_COMPLETIONS,
    /** Anthropic Messages: {@code POST …/messages}. */
    ANTHROPIC_MESSAGES;

    /**
     * The API a request path belongs to, whatever its method: {@code …/chat/completions} is OpenAI's,
     * {@code …/messages} Anthropic's (but not OpenAI's Assistants {@code …/threads/{id}/messages}); null for any
     * other path. The one place the gateway tells the client APIs apart, for translating and for the format of
     * the gateway's own errors.
     */
    public static ClientApi ofPath(String path) {
        if (path == null) {
            return null;
        }
        int query = path.indexOf('?');
        String p = query >= 0 ? path.substring(0, query) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith("/chat/completions")) {
            return OPENAI_CHAT_COMPLETIONS;
        }
        if ((p.endsWith("/messages") || p.equals("messages")) && !p.contains("/threads/")) {
            return ANTHROPIC_MESSAGES;
        }
        return null;
    }
}
