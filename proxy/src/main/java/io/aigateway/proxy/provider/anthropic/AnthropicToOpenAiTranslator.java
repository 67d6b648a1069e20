package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TargetPaths;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Anthropic Messages (client) to OpenAI Chat Completions (target: {@code openai} or {@code openai-compatible}).
 *
 * <p>Request: {@code system} (a string, or text blocks joined with a blank line) becomes the first
 * {@code system} message; user text and image blocks become content parts (base64 sources as data URLs, url
 * sources as URLs); {@code tool_result} blocks become {@code tool} messages with the same {@code tool_call_id},
 * placed before the rest of their user message as OpenAI requires; assistant {@code tool_use} blocks become
 * {@code tool_calls} with the input written as the {@code arguments} JSON string, ids unchanged. {@code max_tokens}
 * becomes {@code max_completion_tokens} for {@code openai} (its reasoning models refuse {@code max_tokens}) and
 * {@code max_tokens} otherwise; {@code stop_sequences} {@code stop}; {@code tools} function tools;
 * {@code tool_choice} auto/any/tool/none as auto/required/function/none and {@code disable_parallel_tool_use}
 * {@code parallel_tool_calls:false}; {@code metadata.user_id} {@code user}; a stream asks for
 * {@code stream_options.include_usage} so the client's final usage is known.
 *
 * <p>Thinking: {@code thinking} enabled becomes {@code reasoning_effort} ({@link Reasoning#effort} of
 * {@code budget_tokens}; dropped for OpenAI's models without reasoning, see {@link Reasoning#openAiModelReasons})
 * and, for Bedrock, Gemini and the Responses API, the budget itself. Reasoning a target returns comes back as
 * {@code thinking} blocks with their signature (a signature without reasoning text in a block of empty
 * {@code thinking}); assistant {@code thinking} blocks of earlier turns go back to the gateway's own translators (see
 * {@link Reasoning} for the fields that carry it), not to other targets.
 *
 * <p>Dropped quietly, as they cannot change the answer: {@code cache_control}, {@code service_tier},
 * {@code thinking} of type {@code disabled}, {@code redacted_thinking} blocks of earlier
 * turns, {@code is_error} of a tool result, {@code citations}. Refused with a 400 naming the field, as dropping them
 * would change the answer: {@code top_k} (OpenAI has no equivalent; {@code openai-compatible} servers such as vLLM
 * and llama.cpp accept it, so it is passed to them), server tools ({@code web_search_…},
 * {@code bash_…}) and {@code mcp_servers}, {@code document} and other blocks OpenAI cannot take, images inside a
 * tool result.
 *
 * <p>Answers: a {@code chat.completion} becomes a {@code message}, the chunk stream Anthropic's events (see
 * {@link AnthropicToOpenAiStreamTranslator}), an OpenAI error Anthropic's error body.
 */
public final class AnthropicToOpenAiTranslator implements Translator {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private String requestedModel;

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ObjectNode body = openAiRequest(request, model, target.provider(), false);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("content-type", "application/json");
        String path = TargetPaths.path(target, "/chat/completions");
        return new UpstreamCall(path, headers, Json.buffer(body));
    }

    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        refuse(body, target.provider());
    }

    // ---------------------------------------------------------------- request

    /**
     * The Chat Completions body for an Anthropic Messages request.
     *
     * @param provider the target's provider: {@code openai} gets {@code max_completion_tokens},
     *     {@code openai-compatible} also {@code top_k}; any other is reached through an OpenAI translator
     * @param viaTranslator whether an OpenAI translator of the gateway's (not the target) reads the body: only they
     *     take the gateway's {@link Reasoning} fields
     * @throws TranslationException naming the field that cannot be honoured
     */
    ObjectNode openAiRequest(ClientRequest request, String model, Provider provider, boolean viaTranslator) {
        ObjectNode in = request.body();
        requestedModel = model != null ? model : in.path("model").asText(null);
        refuse(in, provider);
        ObjectNode out = NODES.objectNode();
        out.put("model", requestedModel);
        ArrayNode messages = out.putArray("messages");
        JsonNode system = in.get("system");
        if (present(system)) {
            messages.addObject().put("role", "system").put("content", systemText(system));
        }
        JsonNode inMessages = in.get("messages");
        if (inMessages == null || !inMessages.isArray()) {
            throw new TranslationException("messages", "messages must be an array");
        }
        // Azure's translator passes the body on to Azure, which refuses fields it does not know.
        boolean keepsReasoning = viaTranslator && provider != Provider.AZURE;
        for (int i = 0; i < inMessages.size(); i++) {
            message(inMessages.get(i), "messages[" + i + "]", messages, keepsReasoning);
        }
        JsonNode maxTokens = in.get("max_tokens");
        if (present(maxTokens)) {
            if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
                throw new TranslationException("max_tokens", "max_tokens must be a positive integer");
            }
            out.set(provider == Provider.OPENAI ? "max_completion_tokens" : "max_tokens", maxTokens);
        }
        copyNumber(in, "temperature", out);
        copyNumber(in, "top_p", out);
        if (provider == Provider.OPENAI_COMPATIBLE) {
            copyNumber(in, "top_k", out);
        }
        JsonNode stops = in.get("stop_sequences");
        if (present(stops)) {
            if (!stops.isArray()) {
                throw new TranslationException("stop_sequences", "stop_sequences must be an array of strings");
            }
            if (!stops.isEmpty()) {
                out.set("stop", stops);
            }
        }
        thinking(in.get("thinking"), out, keepsReasoning,
                provider != Provider.OPENAI || Reasoning.openAiModelReasons(requestedModel));
        boolean hasTools = tools(in, out);
        toolChoice(in, out, hasTools);
        JsonNode user = in.path("metadata").get("user_id");
        if (user != null && user.isTextual() && !user.asText().isEmpty()) {
            out.put("user", user.asText());
        }
        if (request.stream()) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    /** The model the client asked for (or the target's default): the {@code model} of answers that name none. */
    String requestedModel() {
        return requestedModel;
    }

    private static void refuse(ObjectNode in, Provider provider) {
        if (present(in.get("top_k")) && provider != Provider.OPENAI_COMPATIBLE) {
            throw new TranslationException("top_k", "top_k is not supported by this target (OpenAI Chat "
                    + "Completions has no equivalent); remove it or use top_p");
        }
        if (present(in.get("mcp_servers"))) {
            throw new TranslationException("mcp_servers", "MCP servers are not available from this target");
        }
        if (present(in.get("container"))) {
            throw new TranslationException("container", "containers are not available from this target");
        }
    }

    /**
     * @param withBudget whether a translator of the gateway's reads the body, and takes the budget
     * @param modelReasons false for an OpenAI model without reasoning: thinking is dropped, as the model refuses
     *     {@code reasoning_effort} and has no reasoning to return
     */
    private static void thinking(JsonNode thinking, ObjectNode out, boolean withBudget, boolean modelReasons) {
        if (!present(thinking) || "disabled".equals(thinking.path("type").asText())) {
            return;
        }
        if (!"enabled".equals(thinking.path("type").asText())) {
            throw new TranslationException("thinking.type", "thinking type must be enabled or disabled");
        }
        JsonNode budget = thinking.get("budget_tokens");
        if (budget == null || !budget.isIntegralNumber() || budget.asLong() < 1024) {
            throw new TranslationException("thinking.budget_tokens", "budget_tokens must be an integer >= 1024");
        }
        if (!modelReasons) {
            return;
        }
        out.put("reasoning_effort", Reasoning.effort(budget.asLong()));
        if (withBudget) {
            out.put(Reasoning.BUDGET, budget.asLong());
        }
    }

    private static String systemText(JsonNode system) {
        if (system.isTextual()) {
            return system.asText();
        }
        if (!system.isArray()) {
            throw new TranslationException("system", "system must be a string or an array of text blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!"text".equals(block.path("type").asText())) {
                throw new TranslationException("system[" + i + "].type", "system blocks must be text blocks");
            }
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(block.path("text").asText());
        }
        return text.toString();
    }

    private static void message(JsonNode message, String field, ArrayNode out, boolean keepsReasoning) {
        String role = message.path("role").asText();
        JsonNode content = message.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw new TranslationException(field + ".content", "content must be a string or an array of blocks");
        }
        switch (role) {
            case "user" -> userMessage(content, field, out);
            case "assistant" -> assistantMessage(content, field, out, keepsReasoning);
            default -> throw new TranslationException(field + ".role", "role must be user or assistant");
        }
    }

    private static void userMessage(JsonNode content, String field, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        ArrayNode parts = NODES.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String at = field + ".content[" + j + "]";
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText());
                case "image" -> parts.add(image(block.path("source"), at));
                case "tool_result" -> {
                    // OpenAI wants a tool message right after the assistant's calls, before the user's new text.
                    ObjectNode tool = out.addObject();
                    tool.put("role", "tool");
                    tool.put("tool_call_id", requiredText(block, "tool_use_id", at));
                    tool.put("content", toolResultText(block.get("content"), at));
                }
                default -> throw new TranslationException(at + ".type",
                        "content blocks of type " + type + " are not supported by this target");
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode user = out.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
            user.put("content", parts.get(0).path("text").asText());
        } else {
            user.set("content", parts);
        }
    }

    private static String toolResultText(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new TranslationException(field + ".content", "tool_result content must be a string or blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < content.size(); k++) {
            JsonNode block = content.get(k);
            if (!"text".equals(block.path("type").asText())) {
                throw new TranslationException(field + ".content[" + k + "].type",
                        "this target (OpenAI) takes text only in a tool result");
            }
            if (text.length() > 0) {
                text.append("\n");
            }
            text.append(block.path("text").asText());
        }
        return text.toString();
    }

    private static ObjectNode image(JsonNode source, String field) {
        String url;
        switch (source.path("type").asText()) {
            case "base64" -> url = "data:" + requiredText(source, "media_type", field + ".source") + ";base64,"
                    + requiredText(source, "data", field + ".source");
            case "url" -> url = requiredText(source, "url", field + ".source");
            default -> throw new TranslationException(field + ".source.type",
                    "image sources must be base64 or url for this target");
        }
        ObjectNode part = NODES.objectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static void assistantMessage(JsonNode content, String field, ArrayNode out, boolean keepsReasoning) {
        ObjectNode assistant = NODES.objectNode().put("role", "assistant");
        if (content.isTextual()) {
            out.add(assistant.put("content", content.asText()));
            return;
        }
        StringBuilder text = null;
        ArrayNode calls = null;
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String at = field + ".content[" + j + "]";
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> {
                    text = text == null ? new StringBuilder() : text;
                    text.append(block.path("text").asText());
                }
                case "tool_use" -> {
                    calls = calls == null ? NODES.arrayNode() : calls;
                    ObjectNode call = calls.addObject();
                    call.put("id", requiredText(block, "id", at));
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", requiredText(block, "name", at));
                    JsonNode input = block.get("input");
                    function.put("arguments", Json.write(input == null || input.isNull() ? NODES.objectNode() : input));
                }
                case "thinking" -> {
                    if (keepsReasoning) {
                        assistant.put(Reasoning.CONTENT, block.path("thinking").asText());
                        assistant.put(Reasoning.SIGNATURE, block.path("signature").asText());
                    }
                }
                case "redacted_thinking" -> {
                    // encrypted reasoning only Anthropic can read: no other target needs it
                }
                default -> throw new TranslationException(at + ".type",
                        "content blocks of type " + type + " are not supported by this target");
            }
        }
        if (text != null) {
            assistant.put("content", text.toString());
        } else {
            assistant.putNull("content");
        }
        if (calls != null) {
            assistant.set("tool_calls", calls);
        }
        out.add(assistant);
    }

    /** @return whether the request has tools */
    private static boolean tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (!present(tools)) {
            return false;
        }
        if (!tools.isArray()) {
            throw new TranslationException("tools", "tools must be an array");
        }
        if (tools.isEmpty()) {
            return false;
        }
        ArrayNode outTools = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!"custom".equals(type)) {
                throw new TranslationException("tools[" + i + "].type",
                        "server tool " + type + " is not available from this target; only custom tools are");
            }
            ObjectNode function = outTools.addObject().put("type", "function").putObject("function");
            function.put("name", requiredText(tool, "name", "tools[" + i + "]"));
            if (tool.hasNonNull("description")) {
                function.put("description", tool.get("description").asText());
            }
            JsonNode schema = tool.get("input_schema");
            function.set("parameters", schema == null || schema.isNull()
                    ? NODES.objectNode().put("type", "object") : schema);
        }
        return true;
    }

    private static void toolChoice(ObjectNode in, ObjectNode out, boolean hasTools) {
        JsonNode choice = in.get("tool_choice");
        if (!present(choice)) {
            return;
        }
        String type = choice.path("type").asText();
        switch (type) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", requiredText(choice, "name", "tool_choice"));
            default -> throw new TranslationException("tool_choice.type", "tool_choice type must be auto, any, "
                    + "tool or none");
        }
        if (hasTools && choice.path("disable_parallel_tool_use").asBoolean(false)) {
            out.put("parallel_tool_calls", false);
        }
    }

    private static String requiredText(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new TranslationException(field + "." + name, name + " must be a string");
        }
        return value.asText();
    }

    private static void copyNumber(ObjectNode in, String field, ObjectNode out) {
        JsonNode value = in.get(field);
        if (!present(value)) {
            return;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field, field + " must be a number");
        }
        out.set(field, value);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    // ---------------------------------------------------------------- response

    @Override
    public Buffer response(Buffer upstreamBody) {
        JsonNode completion = read(upstreamBody, "chat completion");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw new ProviderResponseException("OpenAI answer has no choices[0].message");
        }
        ObjectNode out = NODES.objectNode();
        out.put("id", messageId(completion.path("id").asText(null)));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", completion.path("model").asText(requestedModel == null ? "" : requestedModel));
        ArrayNode content = out.putArray("content");
        String finish = choice.path("finish_reason").asText(null);
        String reasoning = message.path(Reasoning.CONTENT).asText("");
        String signature = message.path(Reasoning.SIGNATURE).asText("");
        if (!reasoning.isEmpty() || !signature.isEmpty()) {
            // a signature without reasoning text (Gemini signs calls it does not show thoughts for) still needs a
            // block to travel in, as Anthropic's own omitted thinking does: the client sends it back with the call
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", signature);
        }
        JsonNode text = message.get("content");
        JsonNode refusal = message.get("refusal");
        if (text != null && text.isTextual() && !text.asText().isEmpty()) {
            content.addObject().put("type", "text").put("text", text.asText());
        } else if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty()) {
            content.addObject().put("type", "text").put("text", refusal.asText());
            finish = "content_filter";
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode call : calls) {
                JsonNode function = call.path("function");
                String id = call.path("id").asText(null);
                String name = function.path("name").asText(null);
                if (id == null || name == null) {
                    throw new ProviderResponseException("OpenAI tool call without id or function name");
                }
                ObjectNode block = content.addObject();
                block.put("type", "tool_use");
                block.put("id", id);
                block.put("name", name);
                block.set("input", arguments(function.path("arguments").asText("")));
            }
        }
        out.put("stop_reason", stopReason(finish));
        out.putNull("stop_sequence");
        out.set("usage", usage(completion.get("usage")));
        return Json.buffer(out, upstreamBody.length());
    }

    /** A tool call's {@code arguments} JSON string as the {@code input} object Anthropic clients read. */
    static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode input = JSON.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (IOException e) {
            // fall through
        }
        throw new ProviderResponseException("OpenAI tool call arguments are not a JSON object");
    }

    /** Anthropic's {@code message} ids start with {@code msg_}; OpenAI's id is kept after it. */
    static String messageId(String openAiId) {
        if (openAiId == null || openAiId.isEmpty()) {
            return "msg_gateway";
        }
        return openAiId.startsWith("msg_") ? openAiId : "msg_" + openAiId;
    }

    /** OpenAI's finish reason as Anthropic's stop reason; an absent or unknown one is {@code end_turn}. */
    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * OpenAI usage as Anthropic's: {@code prompt_tokens} counts cached tokens too, Anthropic's
     * {@code input_tokens} does not, so the cached ones move to {@code cache_read_input_tokens}.
     */
    static ObjectNode usage(JsonNode usage) {
        ObjectNode out = NODES.objectNode();
        long prompt = usage == null ? 0 : usage.path("prompt_tokens").asLong(0);
        long cached = usage == null ? 0 : usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long completion = usage == null ? 0 : usage.path("completion_tokens").asLong(0);
        out.put("input_tokens", Math.max(0, prompt - cached));
        out.put("output_tokens", completion);
        out.put("cache_creation_input_tokens", 0);
        out.put("cache_read_input_tokens", cached);
        return out;
    }

    static JsonNode read(Buffer body, String what) {
        try {
            JsonNode json = JSON.readTree(Json.input(body));
            if (json == null || !json.isObject()) {
                throw new ProviderResponseException("OpenAI " + what + " is not a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new ProviderResponseException("OpenAI " + what + " is not valid JSON" + Json.where(e));
        } catch (IOException e) {
            throw new ProviderResponseException("OpenAI " + what + " could not be read");
        }
    }

    // ---------------------------------------------------------------- stream

    @Override
    public AnthropicToOpenAiStreamTranslator stream() {
        return new AnthropicToOpenAiStreamTranslator(requestedModel);
    }

    // ---------------------------------------------------------------- errors

    /**
     * An OpenAI error ({@code {"error":{"message","type","code"}}}) as Anthropic's. The status is kept for 4xx;
     * 5xx other than 503 and 504 become 502. The type follows the status, but for OpenAI's
     * {@code insufficient_quota} (a 429 that waiting does not cure), which is Anthropic's {@code billing_error}.
     */
    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        String message = null;
        String openAiType = null;
        try {
            JsonNode error = JSON.readTree(upstreamBody.getBytes()).path("error");
            if (error.isObject()) {
                message = error.path("message").asText(null);
                openAiType = error.path("type").asText(error.path("code").asText(null));
            } else if (error.isTextual()) {
                message = error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not OpenAI's error shape (a load balancer's page, say): answered from the status alone
        }
        int clientStatus = status >= 400 && status < 500 || status == 503 || status == 504 ? status : 502;
        if (message == null || message.isBlank()) {
            message = "the upstream provider answered with status " + status;
        }
        String type = "insufficient_quota".equals(openAiType) ? "billing_error" : AnthropicErrors.typeFor(clientStatus);
        return new ClientError(clientStatus, Buffer.buffer(Json.write(AnthropicErrors.body(type, message))));
    }
}
