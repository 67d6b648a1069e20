package io.aigateway.proxy.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.openai.OpenAiAnswers;
import io.aigateway.proxy.provider.openai.OpenAiFields;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * OpenAI Chat Completions (client) to Amazon Bedrock Converse / ConverseStream (target).
 *
 * <p>Request: system and developer messages and a top-level {@code system} string become {@code system[]} (the
 * top-level string first, then the messages in order); user and assistant messages become {@code messages[]},
 * consecutive turns of one role merged; tool messages become user {@code toolResult} blocks carrying the
 * {@code tool_call_id}; assistant {@code tool_calls} become {@code toolUse} blocks with the same ids; images must be
 * {@code data:} URLs (Bedrock takes bytes, not URLs). {@code max_tokens} (or {@code max_completion_tokens}),
 * {@code temperature}, {@code top_p} and {@code stop} go to {@code inferenceConfig}; tools to {@code toolConfig}.
 *
 * <p>Reasoning (the gateway's fields, see {@link Reasoning}): {@code reasoning_budget_tokens} becomes Claude's
 * {@code additionalModelRequestFields.thinking}; an assistant message's {@code reasoning_content} and
 * {@code reasoning_signature} its first block, {@code reasoningContent.reasoningText}, as Claude needs it back in a
 * tool round trip (only with a signature of Claude's: another model's reasoning is left out); answers' and streams'
 * {@code reasoningContent} become {@code reasoning_content} and {@code reasoning_signature}.
 *
 * <p>{@code tool_choice: "none"} has no Bedrock equivalent: the tools are left out of the request so the model
 * cannot call them; when the conversation already holds tool calls or results, Bedrock requires the tools to be
 * declared, and leaving them in would let the model call them, so the request is refused naming
 * {@code tool_choice}.
 *
 * <p>Refused (400 naming the field): {@code n > 1}, {@code logprobs}/{@code top_logprobs}, a
 * {@code response_format} other than text, audio output, http(s) image URLs, non-function tools. Dropped quietly:
 * {@code user}, {@code seed}, penalties, {@code parallel_tool_calls}, {@code stream_options}, {@code store},
 * {@code metadata}, {@code service_tier} and fields this translator does not know.
 *
 * <p>Streams end with a usage chunk (empty {@code choices}) before {@code data: [DONE]} when the client asked
 * {@code stream_options.include_usage}, and only then, as OpenAI does. A stream that Bedrock ends with an exception event, or cuts
 * mid-frame, ends with an OpenAI error event and no {@code [DONE]}, so a client never takes it for a complete
 * answer.
 *
 * <p>Usage: Bedrock's {@code inputTokens} leaves out cached tokens; OpenAI's {@code prompt_tokens} includes them,
 * so {@code prompt_tokens = inputTokens + cacheReadInputTokens + cacheWriteInputTokens} and
 * {@code prompt_tokens_details.cached_tokens = cacheReadInputTokens}.
 */
public final class OpenAiToBedrockTranslator implements Translator {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");

    private final Clock clock;
    private final Supplier<String> ids;
    private String model = "";
    /** Whether this attempt's client asked for a final usage chunk ({@code stream_options.include_usage}). */
    private boolean includeUsage;

    /** With random completion ids; {@code clock} gives {@code created}. */
    public OpenAiToBedrockTranslator(Clock clock) {
        this(clock, () -> "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * @param clock gives {@code created}
     * @param ids gives the completion {@code id}, one per response or stream
     */
    public OpenAiToBedrockTranslator(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    // ------------------------------------------------------------------------------------------ request

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        this.model = model == null ? "" : model;
        ObjectNode in = request.body();
        includeUsage = OpenAiFields.includeUsage(in, request.stream());
        refuseUnsupported(in);

        ObjectNode out = NODES.objectNode();
        ArrayNode system = NODES.arrayNode();
        JsonNode topSystem = in.get("system");
        if (topSystem != null && !topSystem.isNull()) {
            addSystem(system, topSystem, "system");
        }
        ArrayNode messages = messages(in.get("messages"), system);
        out.set("messages", messages);
        if (!system.isEmpty()) {
            out.set("system", system);
        }
        ObjectNode inference = inferenceConfig(in);
        if (!inference.isEmpty()) {
            out.set("inferenceConfig", inference);
        }
        JsonNode budget = in.get(Reasoning.BUDGET);
        if (budget != null && budget.isIntegralNumber()) {
            out.putObject("additionalModelRequestFields").putObject("thinking").put("type", "enabled")
                    .put("budget_tokens", budget.asLong());
        }
        ObjectNode toolConfig = toolConfig(in, messages);
        if (toolConfig != null) {
            out.set("toolConfig", toolConfig);
        }

        String path = target.path() != null && !target.path().isEmpty() ? target.path()
                : basePath(target) + "/model/" + URLEncoder.encode(this.model, StandardCharsets.UTF_8).replace("+", "%20")
                        + (request.stream() ? "/converse-stream" : "/converse");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
        if (request.stream()) {
            headers.add("accept", "application/vnd.amazon.eventstream");
        }
        return new UpstreamCall(path, headers, write(out));
    }

    private static String basePath(Target target) {
        String base = target.endpoint().basePath();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        refuseUnsupported(body);
    }

    private static void refuseUnsupported(ObjectNode in) {
        OpenAiFields.refuseSeveralChoices(in, "Bedrock");
        JsonNode logprobs = in.get("logprobs");
        if (logprobs != null && logprobs.asBoolean(false)) {
            throw new TranslationException("logprobs", "Bedrock Converse does not return log probabilities.");
        }
        JsonNode topLogprobs = in.get("top_logprobs");
        if (topLogprobs != null && !topLogprobs.isNull() && topLogprobs.asInt(0) > 0) {
            throw new TranslationException("top_logprobs", "Bedrock Converse does not return log probabilities.");
        }
        JsonNode format = in.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(format.path("type").asText("text"))) {
            throw new TranslationException("response_format",
                    "Bedrock Converse has no " + format.path("type").asText() + " response format; only text.");
        }
        JsonNode modalities = in.get("modalities");
        if (modalities != null && modalities.isArray()) {
            for (JsonNode m : modalities) {
                if (!"text".equals(m.asText())) {
                    throw new TranslationException("modalities", "Bedrock Converse answers with text only.");
                }
            }
        }
        if (in.hasNonNull("audio")) {
            throw new TranslationException("audio", "Bedrock Converse answers with text only.");
        }
        if (in.hasNonNull("functions") || in.hasNonNull("function_call")) {
            throw new TranslationException(in.hasNonNull("functions") ? "functions" : "function_call",
                    "The deprecated functions API is not translated; use tools and tool_choice.");
        }
    }

    private static void addSystem(ArrayNode system, JsonNode content, String field) {
        for (String text : texts(content, field)) {
            if (!text.isEmpty()) {
                system.add(NODES.objectNode().put("text", text));
            }
        }
    }

    /** The text of a string content or of an array of text parts. */
    private static List<String> texts(JsonNode content, String field) {
        List<String> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isTextual()) {
            out.add(content.asText());
            return out;
        }
        if (!content.isArray()) {
            throw new TranslationException(field, field + " must be a string or an array of text parts.");
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw new TranslationException(field + "[" + i + "]",
                        field + "[" + i + "] must be a text part here.");
            }
            out.add(part.get("text").asText());
        }
        return out;
    }

    private static ArrayNode messages(JsonNode in, ArrayNode system) {
        if (in == null || !in.isArray() || in.isEmpty()) {
            throw new TranslationException("messages", "messages must be a non-empty array.");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < in.size(); i++) {
            JsonNode m = in.get(i);
            String field = "messages[" + i + "]";
            String role = m.path("role").asText();
            if (SYSTEM_ROLES.contains(role)) {
                addSystem(system, m.get("content"), field + ".content");
                continue;
            }
            ArrayNode blocks = NODES.arrayNode();
            String bedrockRole;
            switch (role) {
                case "user" -> {
                    bedrockRole = "user";
                    userContent(blocks, m.get("content"), field + ".content");
                }
                case "assistant" -> {
                    bedrockRole = "assistant";
                    reasoning(blocks, m);
                    for (String text : texts(m.get("content"), field + ".content")) {
                        addText(blocks, text);
                    }
                    toolUses(blocks, m.get("tool_calls"), field + ".tool_calls");
                }
                case "tool" -> {
                    bedrockRole = "user";
                    blocks.add(toolResult(m, field));
                }
                default -> throw new TranslationException(field + ".role",
                        "Bedrock Converse has no equivalent of the message role '" + role + "'.");
            }
            if (blocks.isEmpty()) {
                continue;
            }
            JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && bedrockRole.equals(last.get("role").asText())) {
                ((ArrayNode) last.get("content")).addAll(blocks);
            } else {
                ObjectNode message = NODES.objectNode().put("role", bedrockRole);
                message.set("content", blocks);
                out.add(message);
            }
        }
        if (out.isEmpty()) {
            throw new TranslationException("messages", "messages holds no user or assistant content.");
        }
        return out;
    }

    /**
     * The reasoning of an earlier turn, when Claude signed it. Reasoning another model wrote (Gemini's, marked
     * {@link Reasoning#isGemini}, or unsigned) is left out, as Anthropic documents for a conversation that switches
     * models: Claude would refuse its signature, and a tool round trip without it runs with thinking disabled.
     */
    private static void reasoning(ArrayNode blocks, JsonNode assistant) {
        JsonNode text = assistant.get(Reasoning.CONTENT);
        String signature = assistant.path(Reasoning.SIGNATURE).asText("");
        if (text == null || !text.isTextual() || text.asText().isEmpty() || signature.isEmpty()
                || Reasoning.isGemini(signature)) {
            return;
        }
        blocks.addObject().putObject("reasoningContent").putObject("reasoningText").put("text", text.asText())
                .put("signature", signature);
    }

    private static void addText(ArrayNode blocks, String text) {
        // Bedrock rejects blank text blocks.
        if (!text.isBlank()) {
            blocks.add(NODES.objectNode().put("text", text));
        }
    }

    private static void userContent(ArrayNode blocks, JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return;
        }
        if (!content.isArray()) {
            throw new TranslationException(field, field + " must be a string or an array of parts.");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partField = field + "[" + j + "]";
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asText());
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(),
                        partField + ".image_url.url"));
                default -> throw new TranslationException(partField + ".type",
                        "Bedrock Converse through this gateway takes text and image parts, not '" + type + "'.");
            }
        }
    }

    private static ObjectNode image(String url, String field) {
        if (!url.startsWith("data:")) {
            throw new TranslationException(field,
                    "Bedrock takes image bytes, not URLs: send the image as a data: URL with base64 content.");
        }
        int comma = url.indexOf(',');
        String meta = comma < 0 ? "" : url.substring(5, comma).toLowerCase(Locale.ROOT);
        if (comma < 0 || !meta.endsWith(";base64")) {
            throw new TranslationException(field, "The image data: URL must be base64-encoded.");
        }
        String mediaType = meta.substring(0, meta.indexOf(';'));
        String format = switch (mediaType) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default -> throw new TranslationException(field,
                    "Bedrock takes png, jpeg, gif and webp images, not '" + mediaType + "'.");
        };
        String data = url.substring(comma + 1);
        try {
            Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(field, "The image data: URL is not valid base64.");
        }
        ObjectNode image = NODES.objectNode().put("format", format);
        image.putObject("source").put("bytes", data);
        ObjectNode block = NODES.objectNode();
        block.set("image", image);
        return block;
    }

    private static void toolUses(ArrayNode blocks, JsonNode calls, String field) {
        if (calls == null || calls.isNull()) {
            return;
        }
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String callField = field + "[" + j + "]";
            if (!"function".equals(call.path("type").asText("function"))) {
                throw new TranslationException(callField + ".type", "Only function tool calls are translated.");
            }
            String id = call.path("id").asText();
            if (id.isEmpty()) {
                throw new TranslationException(callField + ".id", "A tool call needs its id.");
            }
            String args = call.path("function").path("arguments").asText("");
            JsonNode input;
            try {
                input = args.isBlank() ? NODES.objectNode() : JSON.readTree(args);
            } catch (JsonProcessingException e) {
                throw new TranslationException(callField + ".function.arguments",
                        "Tool call arguments must be JSON; Bedrock takes them as a JSON document.");
            }
            ObjectNode toolUse = NODES.objectNode().put("toolUseId", id)
                    .put("name", call.path("function").path("name").asText());
            toolUse.set("input", input);
            ObjectNode block = NODES.objectNode();
            block.set("toolUse", toolUse);
            blocks.add(block);
        }
    }

    private static ObjectNode toolResult(JsonNode m, String field) {
        String id = m.path("tool_call_id").asText();
        if (id.isEmpty()) {
            throw new TranslationException(field + ".tool_call_id", "A tool message needs the tool_call_id it answers.");
        }
        ArrayNode content = NODES.arrayNode();
        for (String text : texts(m.get("content"), field + ".content")) {
            content.add(NODES.objectNode().put("text", text));
        }
        if (content.isEmpty()) {
            content.add(NODES.objectNode().put("text", ""));
        }
        ObjectNode result = NODES.objectNode().put("toolUseId", id);
        result.set("content", content);
        ObjectNode block = NODES.objectNode();
        block.set("toolResult", result);
        return block;
    }

    private static ObjectNode inferenceConfig(ObjectNode in) {
        ObjectNode out = NODES.objectNode();
        JsonNode max = in.hasNonNull("max_completion_tokens") ? in.get("max_completion_tokens") : in.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw new TranslationException(in.hasNonNull("max_completion_tokens") ? "max_completion_tokens"
                        : "max_tokens", "The token limit must be a positive integer.");
            }
            out.put("maxTokens", max.asInt());
        }
        if (in.hasNonNull("temperature")) {
            out.set("temperature", in.get("temperature"));
        }
        if (in.hasNonNull("top_p")) {
            out.set("topP", in.get("top_p"));
        }
        JsonNode stop = in.get("stop");
        if (stop != null && !stop.isNull()) {
            ArrayNode sequences = NODES.arrayNode();
            if (stop.isTextual()) {
                sequences.add(stop.asText());
            } else if (stop.isArray()) {
                stop.forEach(s -> sequences.add(s.asText()));
            } else {
                throw new TranslationException("stop", "stop must be a string or an array of strings.");
            }
            if (!sequences.isEmpty()) {
                out.set("stopSequences", sequences);
            }
        }
        return out;
    }

    private static ObjectNode toolConfig(ObjectNode in, ArrayNode messages) {
        JsonNode tools = in.get("tools");
        JsonNode choice = in.get("tool_choice");
        boolean hasTools = tools != null && tools.isArray() && !tools.isEmpty();
        if ("none".equals(choice == null ? null : choice.asText(null))) {
            if (hasTools && usesTools(messages)) {
                throw new TranslationException("tool_choice", "Bedrock cannot forbid tool calls in a conversation "
                        + "that already holds tool calls; drop tool_choice \"none\" or the tools.");
            }
            return null;
        }
        if (!hasTools) {
            if (choice != null && !choice.isNull() && !"auto".equals(choice.asText(null))) {
                throw new TranslationException("tool_choice", "tool_choice needs tools.");
            }
            return null;
        }
        ArrayNode specs = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String field = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText())) {
                throw new TranslationException(field + ".type", "Only function tools are translated to Bedrock.");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asText();
            if (name.isEmpty()) {
                throw new TranslationException(field + ".function.name", "A tool needs a name.");
            }
            ObjectNode spec = NODES.objectNode().put("name", name);
            if (function.hasNonNull("description")) {
                spec.put("description", function.get("description").asText());
            }
            JsonNode parameters = function.get("parameters");
            if (parameters == null || parameters.isNull()) {
                parameters = NODES.objectNode().put("type", "object").set("properties", NODES.objectNode());
            }
            spec.putObject("inputSchema").set("json", parameters);
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set("toolSpec", spec);
            specs.add(wrapped);
        }
        ObjectNode config = NODES.objectNode();
        config.set("tools", specs);
        if (choice != null && !choice.isNull()) {
            ObjectNode toolChoice = NODES.objectNode();
            if (choice.isTextual()) {
                switch (choice.asText()) {
                    case "auto" -> toolChoice.putObject("auto");
                    case "required" -> toolChoice.putObject("any");
                    default -> throw new TranslationException("tool_choice",
                            "tool_choice must be none, auto, required or a function.");
                }
            } else if ("function".equals(choice.path("type").asText())
                    && !choice.path("function").path("name").asText().isEmpty()) {
                toolChoice.putObject("tool").put("name", choice.path("function").path("name").asText());
            } else {
                throw new TranslationException("tool_choice", "tool_choice must be none, auto, required or a function.");
            }
            config.set("toolChoice", toolChoice);
        }
        return config;
    }

    private static boolean usesTools(ArrayNode messages) {
        for (JsonNode m : messages) {
            for (JsonNode block : m.get("content")) {
                if (block.has("toolUse") || block.has("toolResult")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ----------------------------------------------------------------------------------------- response

    @Override
    public Buffer response(Buffer upstreamBody) {
        JsonNode in = read(upstreamBody, "Converse response");
        JsonNode message = in.path("output").path("message");
        if (!message.path("content").isArray()) {
            throw new ProviderResponseException("Bedrock Converse response has no output.message.content");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String signature = null;
        ArrayNode toolCalls = NODES.arrayNode();
        for (JsonNode block : message.get("content")) {
            JsonNode reasoningText = block.path("reasoningContent").path("reasoningText");
            if (reasoningText.isObject()) {
                reasoning.append(reasoningText.path("text").asText());
                signature = reasoningText.path("signature").asText(signature);
            } else if (block.has("text")) {
                text.append(block.get("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                ObjectNode call = NODES.objectNode().put("id", use.path("toolUseId").asText()).put("type", "function");
                call.putObject("function").put("name", use.path("name").asText())
                        .put("arguments", use.has("input") ? use.get("input").toString() : "{}");
                toolCalls.add(call);
            }
            // redacted reasoning, citations and other blocks have no Chat Completions field: dropped.
        }
        ObjectNode msg = NODES.objectNode().put("role", "assistant");
        if (text.length() > 0 || toolCalls.isEmpty()) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (!toolCalls.isEmpty()) {
            msg.set("tool_calls", toolCalls);
        }
        msg.putNull("refusal");
        if (reasoning.length() > 0) {
            msg.put(Reasoning.CONTENT, reasoning.toString());
            if (signature != null) {
                msg.put(Reasoning.SIGNATURE, signature);
            }
        }
        ObjectNode out = OpenAiAnswers.completion(ids.get(), clock.instant().getEpochSecond(), model);
        OpenAiAnswers.choice(out, 0, msg, StopReasons.toOpenAi(in.path("stopReason").asText(null)));
        if (in.has("usage")) {
            out.set("usage", usage(in.get("usage")));
        }
        return Json.buffer(out, upstreamBody.length());
    }

    static ObjectNode usage(JsonNode u) {
        long input = u.path("inputTokens").asLong();
        long output = u.path("outputTokens").asLong();
        long cacheRead = u.path("cacheReadInputTokens").asLong();
        long cacheWrite = u.path("cacheWriteInputTokens").asLong();
        long prompt = input + cacheRead + cacheWrite;
        return OpenAiAnswers.usage(prompt, output, prompt + output, cacheRead, null);
    }

    // ------------------------------------------------------------------------------------------- stream

    @Override
    public StreamTranslator stream() {
        return new OpenAiToBedrockStreamTranslator(ids.get(), clock.instant().getEpochSecond(), model,
                includeUsage);
    }

    // -------------------------------------------------------------------------------------------- error

    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        return error(status, null, upstreamBody);
    }

    /**
     * Like {@link #error(int, Buffer)}, reading Bedrock's error type from the {@code x-amzn-ErrorType} header as
     * well, where Bedrock usually puts it (the body often carries only {@code message}).
     */
    public ClientError error(int status, MultiMap upstreamHeaders, Buffer upstreamBody) {
        String type = upstreamHeaders == null ? null : upstreamHeaders.get("x-amzn-ErrorType");
        String message = null;
        JsonNode body = null;
        try {
            body = upstreamBody == null || upstreamBody.length() == 0 ? null : JSON.readTree(upstreamBody.getBytes());
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, say): map by status alone.
        }
        if (body != null && body.isObject()) {
            message = body.hasNonNull("message") ? body.get("message").asText()
                    : body.hasNonNull("Message") ? body.get("Message").asText() : null;
            if (type == null) {
                type = body.hasNonNull("__type") ? body.get("__type").asText()
                        : body.hasNonNull("code") ? body.get("code").asText() : null;
            }
        }
        BedrockErrors.Mapped m = BedrockErrors.map(status, type, message);
        return new ClientError(m.status(), write(errorBody(m)));
    }

    static ObjectNode errorBody(BedrockErrors.Mapped m) {
        ObjectNode out = NODES.objectNode();
        out.putObject("error").put("message", m.message()).put("type", m.type()).putNull("param")
                .put("code", m.code());
        return out;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static JsonNode read(Buffer body, String what) {
        JsonNode node;
        try {
            node = body == null ? null : JSON.readTree(Json.input(body));
        } catch (IOException e) {
            throw new ProviderResponseException("Bedrock " + what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ProviderResponseException("Bedrock " + what + " is not a JSON object");
        }
        return node;
    }

    private static Buffer write(JsonNode node) {
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }
}
