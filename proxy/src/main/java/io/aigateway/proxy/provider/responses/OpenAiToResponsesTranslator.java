package io.aigateway.proxy.provider.responses;

import static io.aigateway.proxy.provider.openai.OpenAiFields.present;
import static io.aigateway.proxy.provider.openai.OpenAiFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.openai.OpenAiAnswers;
import io.aigateway.proxy.provider.openai.OpenAiFields;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions (client) to the OpenAI Responses API (target): an {@code openai} target with
 * {@code providerOptions.api: responses}.
 *
 * <p>Request ({@code POST {basePath}/responses}): system prompts (the top-level {@code system} string of the seeds'
 * mixed request, then {@code system}/{@code developer} messages, in order) become {@code instructions}, joined by a
 * blank line; user and assistant messages become {@code message} input items in order; assistant
 * {@code tool_calls} become {@code function_call} items and {@code tool} messages {@code function_call_output}
 * items, both keeping the client's id as {@code call_id}; image parts become {@code input_image} and file parts
 * {@code input_file}. {@code max_completion_tokens} or {@code max_tokens} becomes {@code max_output_tokens},
 * raised to the Responses API's minimum of 16 (the answer may then run a few tokens longer than asked, never
 * shorter); nested function tools become flat ones; {@code response_format} becomes {@code text.format};
 * {@code reasoning_effort} becomes {@code reasoning.effort}; with the gateway's {@code reasoning_budget_tokens} (an
 * Anthropic client's thinking, see {@link Reasoning}) also {@code reasoning.summary: auto}, and the reasoning
 * summaries come back as {@code reasoning_content}, whole or streamed.
 *
 * <p>{@code store} is {@code false} unless the client sent {@code store: true}: the Responses API keeps every
 * response for 30 days by default, which a gateway translating stateless Chat Completions calls must not ask for
 * on the client's behalf (nothing here ever reads a stored response back).
 *
 * <p>Refused with a {@link TranslationException} naming the field, because dropping them would change the answer:
 * {@code n > 1}, {@code logprobs}/{@code top_logprobs}, audio output ({@code audio}, non-text {@code modalities},
 * {@code input_audio} parts), {@code stop} (the Responses API has no stop sequences), a non-empty
 * {@code logit_bias}, {@code web_search_options}, the deprecated {@code functions}/{@code function_call}. Dropped
 * quietly: {@code frequency_penalty}, {@code presence_penalty}, {@code seed}, {@code prediction},
 * {@code stream_options} (read here), message {@code name}s and fields this translator does not know.
 *
 * <p>Answers: a response object becomes a {@code chat.completion}, a Responses event stream a stream of
 * {@code chat.completion.chunk}s ending with {@code [DONE]} (see {@link OpenAiToResponsesStreamTranslator}).
 * Errors are OpenAI's format already and pass through with their status.
 */
public final class OpenAiToResponsesTranslator implements Translator {

    static final ObjectMapper JSON = ResponsesApi.MAPPER;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The smallest {@code max_output_tokens} the Responses API accepts. */
    private static final int MIN_OUTPUT_TOKENS = 16;

    private final Clock clock;
    private boolean includeUsage;

    /** @param clock gives {@code created} when the upstream's answer has no {@code created_at} */
    public OpenAiToResponsesTranslator(Clock clock) {
        this.clock = clock;
    }

    /** Whether an attempt to this target goes to the Responses API ({@code openai}, {@code api: responses}). */
    public static boolean speaksResponses(Target target) {
        return target.provider() == Provider.OPENAI
                && ResponsesApi.API_RESPONSES.equals(target.providerOptions().get(ResponsesApi.API_OPTION));
    }

    // ---------------------------------------------------------------- request

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ObjectNode in = request.body();
        refuseWhatWouldChangeTheAnswer(in);

        ObjectNode out = NODES.objectNode();
        out.put("model", model != null ? model : in.path("model").asText(""));

        List<String> instructions = new ArrayList<>();
        JsonNode topSystem = in.get("system");
        if (present(topSystem)) {
            instructions.addAll(texts(topSystem, "system"));
        }
        JsonNode messages = OpenAiFields.messages(in);
        ArrayNode input = NODES.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            translateMessage(messages.get(i), "messages[" + i + "]", instructions, input);
        }
        instructions.removeIf(String::isEmpty);
        if (!instructions.isEmpty()) {
            out.put("instructions", String.join("\n\n", instructions));
        }
        out.set("input", input);

        Integer maxTokens = OpenAiFields.maxTokens(in);
        if (maxTokens != null) {
            // The Responses API refuses fewer than 16; Chat Completions takes any positive limit.
            out.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, maxTokens));
        }
        OpenAiFields.copyNumber(in, "temperature", out);
        OpenAiFields.copyNumber(in, "top_p", out);
        tools(in, out);
        text(in, out);
        JsonNode effort = in.get("reasoning_effort");
        if (present(effort)) {
            ObjectNode reasoning = out.putObject("reasoning").put("effort", effort.asText());
            if (present(in.get(Reasoning.BUDGET))) {
                // an Anthropic client's thinking: it wants the reasoning, of which the API returns only summaries
                reasoning.put("summary", "auto");
            }
        }
        for (String field : new String[] {"user", "safety_identifier", "prompt_cache_key", "service_tier"}) {
            JsonNode value = in.get(field);
            if (present(value) && value.isTextual()) {
                out.put(field, value.asText());
            }
        }
        JsonNode metadata = in.get("metadata");
        if (present(metadata) && metadata.isObject() && !metadata.isEmpty()) {
            out.set("metadata", metadata.deepCopy());
        }
        if (request.stream()) {
            out.put("stream", true);
        }
        out.put("store", in.path("store").asBoolean(false));
        includeUsage = OpenAiFields.includeUsage(in, request.stream());

        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.set("content-type", "application/json");
        String path = TargetPaths.path(target, ResponsesApi.RESPONSES_PATH);
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
        OpenAiFields.refuseSeveralChoices(in, "OpenAI Responses API");
        OpenAiFields.refuseLogprobs(in, "logprobs are not translated from this target (OpenAI Responses API)");
        OpenAiFields.refuseNonTextModalities(in, "OpenAI Responses API");
        OpenAiFields.refuseIfPresent(in, "audio",
                "audio output is not available from this target (OpenAI Responses API)");
        JsonNode stop = in.get("stop");
        if (present(stop) && !(stop.isArray() && stop.isEmpty())) {
            throw new TranslationException("stop",
                    "stop sequences are not available from this target (OpenAI Responses API)");
        }
        JsonNode logitBias = in.get("logit_bias");
        if (present(logitBias) && !(logitBias.isObject() && logitBias.isEmpty())) {
            throw new TranslationException("logit_bias",
                    "logit_bias is not available from this target (OpenAI Responses API)");
        }
        OpenAiFields.refuseLegacyFunctions(in);
        OpenAiFields.refuseIfPresent(in, "web_search_options",
                "web_search_options is not translated for this target (OpenAI Responses API)");
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (present(tools) && !tools.isArray()) {
            throw new TranslationException("tools", "tools must be an array");
        }
        if (present(tools) && !tools.isEmpty()) {
            ArrayNode outTools = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String field = "tools[" + i + "]";
                if (!"function".equals(tool.path("type").asText("function"))) {
                    throw new TranslationException(field + ".type", "only function tools are translated for this "
                            + "target (OpenAI Responses API), not " + tool.path("type").asText());
                }
                JsonNode function = OpenAiFields.function(tool, field);
                ObjectNode flat = outTools.addObject();
                flat.put("type", "function");
                flat.put("name", function.get("name").asText());
                if (function.path("description").isTextual()) {
                    flat.put("description", function.get("description").asText());
                }
                ObjectNode parameters = OpenAiFields.parameters(function, field);
                if (parameters != null) {
                    flat.set("parameters", parameters);
                } else {
                    flat.putObject("parameters").put("type", "object").putObject("properties");
                }
                // Chat Completions defaults strict to false; the Responses API to true: keep the client's meaning
                flat.put("strict", function.path("strict").asBoolean(false));
            }
        }
        JsonNode toolChoice = in.get("tool_choice");
        if (present(toolChoice)) {
            if (toolChoice.isTextual() && List.of("auto", "none", "required").contains(toolChoice.asText())) {
                out.put("tool_choice", toolChoice.asText());
            } else if (toolChoice.isObject() && "function".equals(toolChoice.path("type").asText())
                    && toolChoice.path("function").path("name").isTextual()) {
                out.putObject("tool_choice").put("type", "function")
                        .put("name", toolChoice.path("function").path("name").asText());
            } else {
                throw new TranslationException("tool_choice", "tool_choice must be auto, none, required or a "
                        + "function for this target (OpenAI Responses API)");
            }
        }
        JsonNode parallel = in.get("parallel_tool_calls");
        if (present(parallel) && parallel.isBoolean()) {
            out.put("parallel_tool_calls", parallel.asBoolean());
        }
    }

    /** {@code response_format} and {@code verbosity} as the Responses API's {@code text} settings. */
    private static void text(ObjectNode in, ObjectNode out) {
        ObjectNode text = NODES.objectNode();
        JsonNode format = in.get("response_format");
        if (present(format)) {
            String type = format.path("type").asText("");
            switch (type) {
                case "text" -> {
                    // the default
                }
                case "json_object" -> text.putObject("format").put("type", "json_object");
                case "json_schema" -> {
                    JsonNode schema = format.get("json_schema");
                    if (schema == null || !schema.path("name").isTextual() || !schema.path("schema").isObject()) {
                        throw new TranslationException("response_format.json_schema",
                                "a json_schema response_format needs a name and a schema");
                    }
                    ObjectNode outFormat = text.putObject("format");
                    outFormat.put("type", "json_schema");
                    outFormat.put("name", schema.get("name").asText());
                    if (schema.path("description").isTextual()) {
                        outFormat.put("description", schema.get("description").asText());
                    }
                    outFormat.set("schema", schema.get("schema").deepCopy());
                    outFormat.put("strict", schema.path("strict").asBoolean(false));
                }
                default -> throw new TranslationException("response_format.type",
                        "response_format must be text, json_object or json_schema");
            }
        }
        JsonNode verbosity = in.get("verbosity");
        if (present(verbosity) && verbosity.isTextual()) {
            text.put("verbosity", verbosity.asText());
        }
        if (!text.isEmpty()) {
            out.set("text", text);
        }
    }

    private static void translateMessage(JsonNode message, String field, List<String> instructions,
            ArrayNode input) {
        String role = OpenAiFields.role(message, field);
        JsonNode content = message.get("content");
        switch (role) {
            case "system", "developer" -> {
                if (present(content)) {
                    instructions.addAll(texts(content, field + ".content"));
                }
            }
            case "user" -> {
                if (!present(content)) {
                    throw new TranslationException(field + ".content", "a user message needs content");
                }
                ObjectNode item = input.addObject().put("type", "message").put("role", "user");
                if (content.isTextual()) {
                    item.put("content", content.asText());
                } else {
                    item.set("content", userParts(content, field + ".content"));
                }
            }
            case "assistant" -> {
                if (present(content)) {
                    String text = String.join("", texts(content, field + ".content"));
                    if (!text.isEmpty()) {
                        input.addObject().put("type", "message").put("role", "assistant").put("content", text);
                    }
                }
                List<JsonNode> calls = OpenAiFields.toolCalls(message, field);
                for (int k = 0; k < calls.size(); k++) {
                    input.add(functionCall(calls.get(k), field + ".tool_calls[" + k + "]"));
                }
            }
            case "tool" -> {
                String id = OpenAiFields.toolCallId(message, field);
                String output = present(content) ? String.join("", texts(content, field + ".content")) : "";
                input.addObject().put("type", "function_call_output").put("call_id", id).put("output", output);
            }
        }
    }

    private static ArrayNode userParts(JsonNode content, String field) {
        if (!content.isArray()) {
            throw new TranslationException(field, "content must be a string or an array of parts");
        }
        ArrayNode parts = NODES.arrayNode();
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String partField = field + "[" + k + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> parts.addObject().put("type", "input_text").put("text", part.path("text").asText(""));
                case "image_url" -> {
                    JsonNode image = part.get("image_url");
                    JsonNode url = image != null && image.isObject() ? image.get("url") : image;
                    if (url == null || !url.isTextual() || url.asText().isEmpty()) {
                        throw new TranslationException(partField + ".image_url.url", "an image_url part needs a url");
                    }
                    ObjectNode out = parts.addObject().put("type", "input_image").put("image_url", url.asText());
                    out.put("detail", image.isObject() ? image.path("detail").asText("auto") : "auto");
                }
                case "file" -> {
                    JsonNode file = part.path("file");
                    ObjectNode out = parts.addObject().put("type", "input_file");
                    boolean any = false;
                    for (String name : new String[] {"file_id", "file_data", "filename"}) {
                        if (file.path(name).isTextual()) {
                            out.put(name, file.get(name).asText());
                            any |= !"filename".equals(name);
                        }
                    }
                    if (!any) {
                        throw new TranslationException(partField + ".file", "a file part needs file_id or file_data");
                    }
                }
                case "input_audio" -> throw new TranslationException(partField + ".type",
                        "audio input is not translated for this target (OpenAI Responses API)");
                default -> throw new TranslationException(partField + ".type",
                        "content part " + type + " is not supported by this target (OpenAI Responses API)");
            }
        }
        return parts;
    }

    private static ObjectNode functionCall(JsonNode call, String field) {
        if (call == null || !call.isObject()) {
            throw new TranslationException(field, "a tool call must be an object");
        }
        JsonNode function = OpenAiFields.toolCallFunction(call, field);
        JsonNode arguments = function.get("arguments");
        String args;
        if (!present(arguments)) {
            args = "{}";
        } else if (arguments.isTextual()) {
            args = arguments.asText();
        } else {
            args = Json.write(arguments);
        }
        ObjectNode item = NODES.objectNode();
        item.put("type", "function_call");
        item.put("call_id", call.get("id").asText());
        item.put("name", function.get("name").asText());
        item.put("arguments", args);
        return item;
    }

    // ---------------------------------------------------------------- response

    @Override
    public Buffer response(Buffer upstreamBody) {
        Response response = Json.read(JSON, upstreamBody, Response.class, "Responses API response");
        if (response.id() == null || response.output() == null
                || (response.object() != null && !"response".equals(response.object()))) {
            throw new ProviderResponseException("Responses API answer is not a response (id or output missing)");
        }
        if (Response.FAILED.equals(response.status())) {
            throw new ProviderResponseException("Responses API answer has status failed"
                    + (response.error() != null && response.error().code() != null
                            ? " (" + response.error().code() + ")" : ""));
        }
        ObjectNode message = NODES.objectNode();
        message.put("role", "assistant");
        StringBuilder text = null;
        StringBuilder refusal = null;
        StringBuilder reasoning = null;
        ArrayNode toolCalls = null;
        for (OutputItem item : response.output()) {
            if (item == null) {
                throw new ProviderResponseException("Responses API answer has a null output item");
            }
            if (OutputItem.MESSAGE.equals(item.type())) {
                if (item.content() == null) {
                    continue;
                }
                for (OutputItem.ContentPart part : item.content()) {
                    if (part == null) {
                        continue;
                    }
                    if (OutputItem.ContentPart.OUTPUT_TEXT.equals(part.type())) {
                        text = (text == null ? new StringBuilder() : text)
                                .append(part.text() == null ? "" : part.text());
                    } else if (OutputItem.ContentPart.REFUSAL.equals(part.type())) {
                        refusal = (refusal == null ? new StringBuilder() : refusal)
                                .append(part.refusal() == null ? "" : part.refusal());
                    }
                }
            } else if (OutputItem.FUNCTION_CALL.equals(item.type())) {
                if (item.callId() == null || item.name() == null) {
                    throw new ProviderResponseException("Responses API function_call without call_id or name");
                }
                if (toolCalls == null) {
                    toolCalls = NODES.arrayNode();
                }
                ObjectNode call = toolCalls.addObject();
                call.put("id", item.callId());
                call.put("type", "function");
                call.putObject("function").put("name", item.name())
                        .put("arguments", item.arguments() == null ? "" : item.arguments());
            } else if (OutputItem.REASONING.equals(item.type()) && item.summary() != null) {
                for (OutputItem.SummaryPart part : item.summary()) {
                    if (part != null && part.text() != null) {
                        reasoning = (reasoning == null ? new StringBuilder() : reasoning).append(part.text());
                    }
                }
            }
            // built-in tool calls have no Chat Completions equivalent: skipped
        }
        if (text == null) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (refusal == null) {
            message.putNull("refusal");
        } else {
            message.put("refusal", refusal.toString());
        }
        if (reasoning != null) {
            message.put(Reasoning.CONTENT, reasoning.toString());
        }
        if (toolCalls != null) {
            message.set("tool_calls", toolCalls);
        }
        ObjectNode out = OpenAiAnswers.completion(response.id(),
                response.createdAt() != null ? response.createdAt() : clock.instant().getEpochSecond(),
                response.model() == null ? "" : response.model());
        OpenAiAnswers.choice(out, 0, message, finishReason(response, toolCalls != null));
        if (response.usage() != null) {
            out.set("usage", usage(response.usage()));
        }
        return Json.buffer(out, upstreamBody.length());
    }

    /** The Chat Completions finish reason of a completed or incomplete response. */
    static String finishReason(Response response, boolean calledFunctions) {
        if (Response.INCOMPLETE.equals(response.status())) {
            String reason = response.incompleteDetails() == null ? null : response.incompleteDetails().reason();
            return "content_filter".equals(reason) ? "content_filter" : "length";
        }
        return calledFunctions ? "tool_calls" : "stop";
    }

    static ObjectNode usage(Usage usage) {
        return OpenAiAnswers.usage(usage.input(), usage.output(), usage.total(), usage.cached(), usage.reasoning());
    }

    // ---------------------------------------------------------------- stream

    @Override
    public StreamTranslator stream() {
        return new OpenAiToResponsesStreamTranslator(clock, includeUsage);
    }

    // ---------------------------------------------------------------- errors

    /**
     * The Responses API answers errors in OpenAI's format: passed through with their status. A body that is not
     * (a proxy's HTML page, say) is replaced by an OpenAI error naming the status.
     */
    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        try {
            JsonNode body = JSON.readTree(upstreamBody.getBytes());
            if (body != null && body.path("error").isObject()) {
                return new ClientError(status, upstreamBody);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: answered from the status alone
        }
        return new ClientError(status, Buffer.buffer(Json.write(openAiError(
                "the upstream provider answered with status " + status, status >= 500 ? "server_error"
                        : status == 429 ? "rate_limit_error" : "invalid_request_error", null, null))));
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    static ObjectNode openAiError(String message, String type, String param, String code) {
        ObjectNode out = NODES.objectNode();
        ObjectNode error = out.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return out;
    }
}
