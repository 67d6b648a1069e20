package io.aigateway.proxy.provider.anthropic;

import static io.aigateway.proxy.provider.openai.OpenAiFields.present;
import static io.aigateway.proxy.provider.openai.OpenAiFields.texts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.openai.OpenAiAnswers;
import io.aigateway.proxy.provider.openai.OpenAiFields;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Chat Completions (client) to Anthropic Messages (target).
 *
 * <p>Request: system prompts (the top-level {@code system} string of the seeds' mixed request, then
 * {@code system}/{@code developer} messages, in order) become {@code system}; user and assistant messages keep
 * their order, consecutive messages of one role are merged (Anthropic wants alternating roles); assistant
 * {@code tool_calls} become {@code tool_use} blocks and {@code tool} messages {@code tool_result} blocks of a user
 * message, ids unchanged; images become {@code image} blocks (data URLs as base64, http(s) URLs as url sources).
 * {@code max_completion_tokens} or {@code max_tokens} becomes {@code max_tokens}, which Anthropic requires:
 * {@value #DEFAULT_MAX_TOKENS} when the client sets neither. Fields with no Anthropic equivalent are dropped when
 * that cannot change the answer (penalties, {@code logit_bias}, {@code seed}, {@code stream_options}, a text
 * {@code response_format}, …) and refused with a {@link TranslationException} naming the field when it would
 * ({@code n > 1}, {@code logprobs}, JSON {@code response_format}, audio output, a temperature above 1, …).
 *
 * <p>Answers: a {@code message} becomes a {@code chat.completion}, a stream of Anthropic events a stream of
 * {@code chat.completion.chunk}s ending with {@code [DONE]} (see {@link OpenAiToAnthropicStreamTranslator}), an
 * Anthropic error an OpenAI error body. One instance serves one attempt: {@link #request} records whether the
 * client asked for {@code stream_options.include_usage}.
 */
public final class OpenAiToAnthropicTranslator implements Translator {

    /** The {@code max_tokens} sent when the client sets no limit; Anthropic requires one. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    static final ObjectMapper JSON = AnthropicApi.MAPPER;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private boolean includeUsage;

    /** @param clock gives {@code created} of answers and chunks */
    public OpenAiToAnthropicTranslator(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- request

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ObjectNode in = request.body();
        refuseWhatWouldChangeTheAnswer(in);

        ObjectNode out = NODES.objectNode();
        out.put("model", model);

        List<ObjectNode> messages = new ArrayList<>();
        List<String> system = new ArrayList<>();
        JsonNode topSystem = in.get("system");
        if (present(topSystem)) {
            system.addAll(texts(topSystem, "system"));
        }
        JsonNode inMessages = OpenAiFields.messages(in);
        for (int i = 0; i < inMessages.size(); i++) {
            translateMessage(inMessages.get(i), "messages[" + i + "]", system, messages);
        }
        if (system.size() == 1) {
            out.put("system", system.get(0));
        } else if (!system.isEmpty()) {
            ArrayNode blocks = out.putArray("system");
            system.forEach(text -> blocks.add(textBlock(text)));
        }
        ArrayNode outMessages = out.putArray("messages");
        messages.forEach(m -> outMessages.add(simplified(m)));

        Integer maxTokens = OpenAiFields.maxTokens(in);
        out.put("max_tokens", maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens);
        OpenAiFields.copyNumber(in, "temperature", out);
        JsonNode temperature = in.get("temperature");
        if (present(temperature) && temperature.asDouble() > 1.0) {
            throw new TranslationException("temperature",
                    "temperature must be between 0 and 1 for this target (Anthropic), was " + temperature.asText());
        }
        OpenAiFields.copyNumber(in, "top_p", out);
        stopSequences(in, out);
        tools(in, out);
        if (request.stream()) {
            out.put("stream", true);
        }
        includeUsage = OpenAiFields.includeUsage(in, request.stream());
        JsonNode user = in.get("user");
        if (user == null || !user.isTextual()) {
            user = in.get("safety_identifier");
        }
        if (user != null && user.isTextual() && !user.asText().isEmpty()) {
            out.putObject("metadata").put("user_id", user.asText());
        }

        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.set("content-type", "application/json");
        boolean targetSetsVersion = target.headers().keySet().stream()
                .anyMatch(AnthropicApi.VERSION_HEADER::equalsIgnoreCase);
        if (!targetSetsVersion) {
            headers.set(AnthropicApi.VERSION_HEADER, AnthropicApi.VERSION);
        }
        String path = TargetPaths.path(target, AnthropicApi.MESSAGES_PATH);
        return new UpstreamCall(path, headers, Json.buffer(out));
    }

    /** Whether this attempt's client asked for a final usage chunk ({@code stream_options.include_usage}). */
    boolean includeUsage() {
        return includeUsage;
    }

    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        refuseWhatWouldChangeTheAnswer(body);
    }

    private static void refuseWhatWouldChangeTheAnswer(ObjectNode in) {
        OpenAiFields.refuseSeveralChoices(in, "Anthropic");
        OpenAiFields.refuseLogprobs(in, "logprobs are not available from this target (Anthropic)");
        JsonNode format = in.get("response_format");
        if (present(format) && !"text".equals(format.path("type").asText())) {
            throw new TranslationException("response_format", "response_format " + format.path("type").asText()
                    + " is not supported by this target (Anthropic); only text is");
        }
        OpenAiFields.refuseNonTextModalities(in, "Anthropic");
        OpenAiFields.refuseIfPresent(in, "audio", "audio output is not available from this target (Anthropic)");
        OpenAiFields.refuseLegacyFunctions(in);
        OpenAiFields.refuseIfPresent(in, "web_search_options",
                "web search is not available from this target (Anthropic)");
    }

    private static void stopSequences(ObjectNode in, ObjectNode out) {
        JsonNode stop = in.get("stop");
        if (!present(stop)) {
            return;
        }
        ArrayNode sequences = NODES.arrayNode();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new TranslationException("stop", "stop must be a string or a list of strings");
                }
                sequences.add(s.asText());
            }
        } else {
            throw new TranslationException("stop", "stop must be a string or a list of strings");
        }
        if (!sequences.isEmpty()) {
            out.set("stop_sequences", sequences);
        }
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (!present(tools) || tools.isEmpty()) {
            return; // tool_choice and parallel_tool_calls mean nothing without tools
        }
        if (!tools.isArray()) {
            throw new TranslationException("tools", "tools must be an array");
        }
        ArrayNode outTools = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String field = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw new TranslationException(field + ".type",
                        "only function tools can be sent to this target (Anthropic), not " + tool.path("type"));
            }
            JsonNode function = OpenAiFields.function(tool, field);
            ObjectNode outTool = outTools.addObject();
            outTool.put("name", function.get("name").asText());
            if (function.path("description").isTextual()) {
                outTool.put("description", function.get("description").asText());
            }
            ObjectNode schema = OpenAiFields.parameters(function, field);
            if (schema != null) {
                if (!schema.has("type")) {
                    schema.put("type", "object");
                }
                outTool.set("input_schema", schema);
            } else {
                outTool.putObject("input_schema").put("type", "object").putObject("properties");
            }
        }

        ObjectNode choice = null;
        JsonNode toolChoice = in.get("tool_choice");
        if (present(toolChoice)) {
            choice = NODES.objectNode();
            if (toolChoice.isTextual()) {
                switch (toolChoice.asText()) {
                    case "auto" -> choice.put("type", "auto");
                    case "required" -> choice.put("type", "any");
                    case "none" -> choice.put("type", "none");
                    default -> throw new TranslationException("tool_choice",
                            "tool_choice must be auto, required, none or a function");
                }
            } else if (toolChoice.isObject() && "function".equals(toolChoice.path("type").asText())
                    && toolChoice.path("function").path("name").isTextual()) {
                choice.put("type", "tool");
                choice.put("name", toolChoice.path("function").path("name").asText());
            } else {
                throw new TranslationException("tool_choice",
                        "tool_choice must be auto, required, none or a function for this target (Anthropic)");
            }
        }
        JsonNode parallel = in.get("parallel_tool_calls");
        if (present(parallel) && !parallel.asBoolean(true)) {
            if (choice == null) {
                choice = NODES.objectNode().put("type", "auto");
            }
            if (!"none".equals(choice.path("type").asText())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static void translateMessage(JsonNode message, String field, List<String> system,
            List<ObjectNode> messages) {
        String role = OpenAiFields.role(message, field);
        JsonNode content = message.get("content");
        switch (role) {
            case "system", "developer" -> {
                if (present(content)) {
                    system.addAll(texts(content, field + ".content"));
                }
            }
            case "user" -> append(messages, "user", userBlocks(content, field + ".content"));
            case "assistant" -> {
                ArrayNode blocks = NODES.arrayNode();
                if (present(content)) {
                    for (String text : texts(content, field + ".content")) {
                        if (!text.isEmpty()) {
                            blocks.add(textBlock(text));
                        }
                    }
                }
                JsonNode refusal = message.get("refusal");
                if (refusal != null && refusal.isTextual() && !refusal.asText().isEmpty() && blocks.isEmpty()) {
                    blocks.add(textBlock(refusal.asText()));
                }
                List<JsonNode> calls = OpenAiFields.toolCalls(message, field);
                for (int j = 0; j < calls.size(); j++) {
                    blocks.add(toolUse(calls.get(j), field + ".tool_calls[" + j + "]"));
                }
                append(messages, "assistant", blocks);
            }
            case "tool" -> {
                ObjectNode result = NODES.objectNode();
                result.put("type", "tool_result");
                result.put("tool_use_id", OpenAiFields.toolCallId(message, field));
                if (present(content)) {
                    if (content.isTextual()) {
                        result.put("content", content.asText());
                    } else {
                        ArrayNode parts = result.putArray("content");
                        for (String text : texts(content, field + ".content")) {
                            parts.add(textBlock(text));
                        }
                    }
                }
                ArrayNode blocks = NODES.arrayNode();
                blocks.add(result);
                append(messages, "user", blocks);
            }
        }
    }

    /** Adds blocks as a message of {@code role}, merged into the previous message when it has that role. */
    private static void append(List<ObjectNode> messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return; // Anthropic refuses empty content; an empty message carries nothing
        }
        if (!messages.isEmpty()) {
            ObjectNode last = messages.get(messages.size() - 1);
            if (role.equals(last.get("role").asText())) {
                ArrayNode content = (ArrayNode) last.get("content");
                if ("user".equals(role) && isToolResult(blocks.get(0))) {
                    // tool results must open a user message: keep them ahead of text merged before them
                    int at = 0;
                    while (at < content.size() && isToolResult(content.get(at))) {
                        at++;
                    }
                    for (JsonNode block : blocks) {
                        content.insert(at++, block);
                    }
                } else {
                    content.addAll(blocks);
                }
                return;
            }
        }
        ObjectNode message = NODES.objectNode();
        message.put("role", role);
        message.set("content", blocks);
        messages.add(message);
    }

    private static boolean isToolResult(JsonNode block) {
        return "tool_result".equals(block.path("type").asText());
    }

    /** A message whose content is one text block is written with string content, as Anthropic's examples do. */
    private static ObjectNode simplified(ObjectNode message) {
        JsonNode content = message.get("content");
        if (content.size() == 1 && "text".equals(content.get(0).path("type").asText())
                && content.get(0).size() == 2) {
            message.put("content", content.get(0).get("text").asText());
        }
        return message;
    }

    private static ArrayNode userBlocks(JsonNode content, String field) {
        ArrayNode blocks = NODES.arrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.add(textBlock(content.asText()));
            }
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(field, "content must be a string or an array of parts");
        }
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String partField = field + "[" + k + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    String text = part.path("text").asText("");
                    if (!text.isEmpty()) {
                        blocks.add(textBlock(text));
                    }
                }
                case "image_url" -> blocks.add(image(part.get("image_url"), partField + ".image_url"));
                default -> throw new TranslationException(partField + ".type",
                        "content part " + type + " is not supported by this target (Anthropic)");
            }
        }
        return blocks;
    }

    private static ObjectNode image(JsonNode imageUrl, String field) {
        JsonNode urlNode = imageUrl != null && imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        if (urlNode == null || !urlNode.isTextual()) {
            throw new TranslationException(field + ".url", "an image_url part needs a url");
        }
        String url = urlNode.asText();
        ObjectNode block = NODES.objectNode();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.toLowerCase(java.util.Locale.ROOT).endsWith(";base64")) {
                throw new TranslationException(field + ".url", "a data URL image must be base64 encoded");
            }
            String mediaType = meta.substring(0, meta.length() - ";base64".length());
            if (mediaType.isEmpty()) {
                throw new TranslationException(field + ".url", "a data URL image must name its media type");
            }
            source.put("type", "base64");
            source.put("media_type", mediaType);
            source.put("data", url.substring(comma + 1));
        } else if (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7)) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new TranslationException(field + ".url", "an image URL must be http(s) or a base64 data URL");
        }
        return block;
    }

    private static ObjectNode toolUse(JsonNode call, String field) {
        JsonNode function = OpenAiFields.toolCallFunction(call, field);
        JsonNode input;
        JsonNode arguments = function.get("arguments");
        if (arguments == null || arguments.isNull() || arguments.asText().isBlank()) {
            input = NODES.objectNode();
        } else if (arguments.isObject()) {
            input = arguments.deepCopy();
        } else {
            try {
                input = JSON.readTree(arguments.asText());
            } catch (JsonProcessingException e) {
                throw new TranslationException(field + ".function.arguments", "arguments must be a JSON object");
            }
            if (input == null || !input.isObject()) {
                throw new TranslationException(field + ".function.arguments", "arguments must be a JSON object");
            }
        }
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_use");
        block.put("id", call.get("id").asText());
        block.put("name", function.get("name").asText());
        block.set("input", input);
        return block;
    }

    private static ObjectNode textBlock(String text) {
        return NODES.objectNode().put("type", "text").put("text", text);
    }

    // ---------------------------------------------------------------- response

    @Override
    public Buffer response(Buffer upstreamBody) {
        MessageResponse message = Json.read(() -> MessageResponse.read(upstreamBody), "Anthropic message");
        if (message.id() == null || message.content() == null || message.model() == null
                || (message.type() != null && !"message".equals(message.type()))) {
            throw new ProviderResponseException("Anthropic answer is not a message (id, model or content missing)");
        }
        ObjectNode outMessage = NODES.objectNode();
        outMessage.put("role", "assistant");
        // The text blocks' strings, joined at the end: a single block (most answers) is never copied.
        List<String> texts = null;
        ArrayNode toolCalls = null;
        for (ContentBlock block : message.content()) {
            if (block == null) {
                throw new ProviderResponseException("Anthropic answer has a null content block");
            }
            if (ContentBlock.TEXT.equals(block.type())) {
                if (texts == null) {
                    texts = new ArrayList<>(1);
                }
                texts.add(block.text() == null ? "" : block.text());
            } else if (ContentBlock.TOOL_USE.equals(block.type())) {
                if (block.id() == null || block.name() == null) {
                    throw new ProviderResponseException("Anthropic tool_use block without id or name");
                }
                if (toolCalls == null) {
                    toolCalls = NODES.arrayNode();
                }
                ObjectNode call = toolCalls.addObject();
                call.put("id", block.id());
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", block.name());
                function.put("arguments", Json.write(block.input() == null ? NODES.objectNode() : block.input()));
            }
            // thinking and server tool blocks have no Chat Completions equivalent: skipped
        }
        if (texts == null) {
            outMessage.putNull("content");
        } else {
            outMessage.put("content", texts.size() == 1 ? texts.get(0) : String.join("", texts));
        }
        outMessage.putNull("refusal");
        if (toolCalls != null) {
            outMessage.set("tool_calls", toolCalls);
        }
        ObjectNode out = OpenAiAnswers.completion(message.id(), clock.instant().getEpochSecond(), message.model());
        OpenAiAnswers.choice(out, 0, outMessage, finishReason(message.stopReason()));
        out.set("usage", usage(message.usage() == null ? Usage.EMPTY : message.usage()));
        return Json.buffer(out, upstreamBody.length());
    }

    /** Anthropic's stop reason as an OpenAI finish reason; unknown and absent reasons are {@code stop}. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn and reasons added later
        };
    }

    static ObjectNode usage(Usage usage) {
        long prompt = usage.totalInputTokens();
        long completion = usage.outputTokensOrZero();
        return OpenAiAnswers.usage(prompt, completion, prompt + completion, usage.cacheReadTokensOrZero(), null);
    }

    // ---------------------------------------------------------------- stream

    @Override
    public StreamTranslator stream() {
        return new OpenAiToAnthropicStreamTranslator(clock, includeUsage);
    }

    // ---------------------------------------------------------------- errors

    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        String anthropicType = null;
        String message = null;
        try {
            ErrorBody body = JSON.readValue(upstreamBody.getBytes(), ErrorBody.class);
            if (body != null && body.error() != null) {
                anthropicType = body.error().type();
                message = body.error().message();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Anthropic's error shape (a load balancer's page, say): answered from the status alone
        }
        int clientStatus = clientStatus(status, anthropicType);
        if (message == null || message.isBlank()) {
            message = "the upstream provider answered with status " + status;
        }
        ObjectNode openAi = openAiError(message, anthropicType, clientStatus);
        return new ClientError(clientStatus, Buffer.buffer(Json.write(openAi)));
    }

    /** The status the client gets: 4xx pass through, Anthropic's overload (529) is 503, other 5xx a 502. */
    static int clientStatus(int status, String anthropicType) {
        if ("overloaded_error".equals(anthropicType) || status == 529) {
            return 503;
        }
        if (status >= 400 && status < 500) {
            return status;
        }
        if (status == 503 || status == 504) {
            return status;
        }
        return 502;
    }

    /** {@code {"error":{"message","type","param":null,"code"}}}; code keeps Anthropic's error type. */
    static ObjectNode openAiError(String message, String anthropicType, int clientStatus) {
        ObjectNode out = NODES.objectNode();
        ObjectNode error = out.putObject("error");
        error.put("message", message);
        error.put("type", openAiErrorType(anthropicType, clientStatus));
        error.putNull("param");
        if (anthropicType == null) {
            error.putNull("code");
        } else {
            error.put("code", anthropicType);
        }
        return out;
    }

    private static final Map<String, String> ERROR_TYPES = Map.of(
            "invalid_request_error", "invalid_request_error",
            "authentication_error", "authentication_error",
            "permission_error", "permission_error",
            "not_found_error", "invalid_request_error",
            "request_too_large", "invalid_request_error",
            "billing_error", "insufficient_quota",
            "rate_limit_error", "rate_limit_error",
            "api_error", "server_error",
            "overloaded_error", "server_error",
            "timeout_error", "server_error");

    private static String openAiErrorType(String anthropicType, int clientStatus) {
        String mapped = anthropicType == null ? null : ERROR_TYPES.get(anthropicType);
        if (mapped != null) {
            return mapped;
        }
        if (clientStatus == 429) {
            return "rate_limit_error";
        }
        return clientStatus >= 500 ? "server_error" : "invalid_request_error";
    }
}
