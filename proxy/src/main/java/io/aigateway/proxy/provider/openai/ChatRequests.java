package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shaping a Chat Completions request for a target that speaks Chat Completions itself: OpenAI, compatible, Azure. */
public final class ChatRequests {

    private ChatRequests() {
    }

    /**
     * The body with its top-level {@code system} (the seeds' mixed request, Anthropic's place for it) moved into a
     * system message before the others, since OpenAI refuses it as an unrecognized argument; the body itself when it
     * has none. The client's body is never changed.
     */
    public static ObjectNode foldSystem(ObjectNode body) {
        if (!body.has("system")) {
            return body;
        }
        ObjectNode out = body.deepCopy();
        JsonNode system = out.remove("system");
        if (OpenAiFields.present(system) && out.get("messages") instanceof ArrayNode messages) {
            // A string or an array of text parts: both are a system message's content.
            messages.insertObject(0).put("role", "system").set("content", system);
        }
        return out;
    }
}
