package io.aigateway.proxy.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * OpenAI Chat Completions clients to Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}.
 *
 * <p>Request: system messages and a top-level {@code system} become {@code systemInstruction}, in order; user and
 * assistant messages become {@code contents} with roles {@code user}/{@code model}, consecutive turns of one role
 * merged; tool results become {@code functionResponse} parts of a user turn, named from the assistant tool call
 * they answer. Gemini has no call ids, so answers get fresh ids {@code call_<token>_<n>}, unique per attempt.
 * Sampling fields go to {@code generationConfig}; {@code n} to {@code candidateCount}, each candidate coming back
 * as the choice of its index. The gateway's {@code reasoning_budget_tokens} (see {@link Reasoning}) becomes
 * {@code thinkingConfig} with {@code includeThoughts}, and the thought summaries (parts marked {@code thought})
 * come back as {@code reasoning_content}, whole or streamed. Gemini's {@code thoughtSignature} (on the first function
 * call it makes, or on the last part of an answer without calls) comes back as {@code reasoning_signature}, marked as
 * Gemini's ({@link Reasoning#fromGemini}), and goes back on the part it came on when an assistant message brings it
 * again; Gemini 3 and later, which refuse a replayed call without one, get Google's sentinel where none of Gemini's
 * is there, as for history from OpenAI clients or other providers. Refused, naming the field: {@code logprobs},
 * {@code top_logprobs}, audio, non-empty {@code logit_bias}, legacy {@code functions}/{@code function_call},
 * {@code web_search_options}, non-function tools, images by file id or a URL scheme other than http(s)/data.
 * Dropped quietly: fields that do not change the answer ({@code user}, {@code metadata}, {@code store},
 * {@code parallel_tool_calls}, ...).
 *
 * <p>A prompt Gemini blocks ({@code promptFeedback.blockReason}, no candidates) is answered as one choice with no
 * content and {@code finish_reason: content_filter}, whole or streamed, as OpenAI answers a filtered completion.
 *
 * <p>Provider errors: {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED} and an invalid API key are the gateway's
 * credentials failing, not the client's, so the client sees 502; the rest map by their gRPC status.
 */
public final class OpenAiToGeminiTranslator implements Translator {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*");
    private static final Pattern DATA_URL = Pattern.compile("data:([\\w.+\\-]+/[\\w.+\\-]+)((?:;[^;,]*)*);base64,(.*)",
            Pattern.DOTALL);
    private static final Pattern GEMINI_GENERATION = Pattern.compile("gemini-(\\d{1,3})(?:[.\\-]|$)");
    static final String SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";
    private static final Set<String> REFUSED_WHEN_SET = Set.of("functions", "function_call", "web_search_options",
            "audio");

    private final Clock clock;
    private final Supplier<String> tokens;
    private String token;
    private String model;
    /** Whether this attempt's client asked for a final usage chunk ({@code stream_options.include_usage}). */
    private boolean includeUsage;
    /** Whether this attempt asked for thought summaries: only then do they reach the client. */
    private boolean thoughts;
    private final int[] callCounter = {0};

    /** A translator for one attempt, with random ids; {@code clock} gives {@code created}. */
    public OpenAiToGeminiTranslator(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * @param clock gives {@code created}
     * @param tokens gives the random part of the completion id and tool call ids; asked once per attempt
     */
    public OpenAiToGeminiTranslator(Clock clock, Supplier<String> tokens) {
        this.clock = clock;
        this.tokens = tokens;
    }

    // ---------------------------------------------------------------------------------------------- request

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ObjectNode in = request.body();
        String name = modelName(model);
        this.model = name;
        includeUsage = OpenAiFields.includeUsage(in, request.stream());
        ObjectNode out = NODES.objectNode();
        refuseUnsupported(in);
        new Messages(in, needsThoughtSignatures(name)).into(out);
        ObjectNode config = generationConfig(in);
        thoughts = config.has("thinkingConfig");
        tools(in, out);
        if (!config.isEmpty()) {
            out.set("generationConfig", config);
        }
        String path = target.path() != null ? target.path()
                : target.endpoint().basePath() + "/models/" + name
                        + (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
        return new UpstreamCall(path, headers, GeminiJson.buffer(out));
    }

    private static String modelName(String model) {
        String name = model != null && model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (name == null || !MODEL.matcher(name).matches()) {
            throw new TranslationException("model", "model must be a Gemini model name such as gemini-2.0-flash");
        }
        return name;
    }

    /**
     * Gemini 3 and later refuse a replayed function call without the {@code thoughtSignature} they attached to it,
     * which OpenAI clients cannot keep. Google documents a sentinel that skips the check for history rebuilt by
     * others; it is sent on the first function call of each model turn, as Gemini signs parallel calls.
     */
    static boolean needsThoughtSignatures(String model) {
        var m = GEMINI_GENERATION.matcher(model);
        return m.lookingAt() && Integer.parseInt(m.group(1)) >= 3;
    }

    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        refuseUnsupported(body);
    }

    private static void refuseUnsupported(ObjectNode in) {
        if (in.path("logprobs").asBoolean(false)) {
            throw new TranslationException("logprobs", "logprobs is not available from Gemini targets");
        }
        if (present(in, "top_logprobs")) {
            throw new TranslationException("top_logprobs", "top_logprobs is not available from Gemini targets");
        }
        for (String field : REFUSED_WHEN_SET) {
            if (present(in, field)) {
                throw new TranslationException(field, field + " is not supported for Gemini targets");
            }
        }
        JsonNode modalities = in.get("modalities");
        if (modalities != null && modalities.isArray()) {
            for (JsonNode m : modalities) {
                if (!"text".equals(m.asText())) {
                    throw new TranslationException("modalities", "only text output is supported for Gemini targets");
                }
            }
        }
        JsonNode bias = in.get("logit_bias");
        if (bias != null && bias.isObject() && !bias.isEmpty()) {
            throw new TranslationException("logit_bias", "logit_bias is not supported for Gemini targets");
        }
    }

    private static boolean present(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v != null && !v.isNull();
    }

    private static ObjectNode generationConfig(ObjectNode in) {
        ObjectNode config = NODES.objectNode();
        JsonNode max = present(in, "max_completion_tokens") ? in.get("max_completion_tokens") : in.get("max_tokens");
        String maxField = present(in, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        if (max != null && !max.isNull()) {
            config.put("maxOutputTokens", positiveInt(max, maxField));
        }
        number(in, "temperature", config, "temperature");
        number(in, "top_p", config, "topP");
        number(in, "presence_penalty", config, "presencePenalty");
        number(in, "frequency_penalty", config, "frequencyPenalty");
        JsonNode seed = in.get("seed");
        JsonNode budget = in.get(Reasoning.BUDGET);
        if (budget != null && budget.isIntegralNumber()) {
            config.putObject("thinkingConfig").put("thinkingBudget", budget.asInt()).put("includeThoughts", true);
        }
        if (seed != null && !seed.isNull()) {
            if (!seed.canConvertToInt()) {
                throw new TranslationException("seed", "seed must be a 32-bit integer for Gemini targets");
            }
            config.put("seed", seed.asInt());
        }
        JsonNode stop = in.get("stop");
        if (stop != null && !stop.isNull()) {
            ArrayNode sequences = config.putArray("stopSequences");
            if (stop.isTextual()) {
                sequences.add(stop.asText());
            } else if (stop.isArray()) {
                for (JsonNode s : stop) {
                    if (!s.isTextual()) {
                        throw new TranslationException("stop", "stop must be a string or an array of strings");
                    }
                    sequences.add(s.asText());
                }
            } else {
                throw new TranslationException("stop", "stop must be a string or an array of strings");
            }
            if (sequences.isEmpty()) {
                config.remove("stopSequences");
            }
        }
        JsonNode n = in.get("n");
        if (n != null && !n.isNull()) {
            int count = positiveInt(n, "n");
            if (count > 1) {
                config.put("candidateCount", count);
            }
        }
        JsonNode format = in.get("response_format");
        if (format != null && !format.isNull()) {
            switch (format.path("type").asText()) {
                case "text" -> { }
                case "json_object" -> config.put("responseMimeType", "application/json");
                case "json_schema" -> {
                    JsonNode schema = format.path("json_schema").get("schema");
                    config.put("responseMimeType", "application/json");
                    if (schema != null && !schema.isNull()) {
                        config.set("responseSchema", GeminiSchemas.convert(schema, "response_format.json_schema.schema"));
                    }
                }
                default -> throw new TranslationException("response_format.type",
                        "response_format.type must be text, json_object or json_schema");
            }
        }
        return config;
    }

    private static int positiveInt(JsonNode value, String field) {
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new TranslationException(field, field + " must be a positive integer");
        }
        return value.asInt();
    }

    private static void number(ObjectNode in, String field, ObjectNode config, String to) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber()) {
            throw new TranslationException(field, field + " must be a number");
        }
        config.set(to, v.deepCopy());
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        boolean any = false;
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw new TranslationException("tools", "tools must be an array");
            }
            ArrayNode declarations = NODES.arrayNode();
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String field = "tools[" + i + "]";
                if (!"function".equals(tool.path("type").asText())) {
                    throw new TranslationException(field + ".type", "only function tools are supported for Gemini targets");
                }
                JsonNode function = tool.path("function");
                String name = function.path("name").asText("");
                if (name.isEmpty()) {
                    throw new TranslationException(field + ".function.name", "a function tool needs a name");
                }
                ObjectNode declaration = declarations.addObject().put("name", name);
                if (function.hasNonNull("description")) {
                    declaration.put("description", function.get("description").asText());
                }
                JsonNode parameters = function.get("parameters");
                if (parameters != null && !parameters.isNull()) {
                    ObjectNode schema = GeminiSchemas.convert(parameters, field + ".function.parameters");
                    if (!GeminiSchemas.isEmptyObject(schema)) {
                        declaration.set("parameters", schema);
                    }
                }
            }
            if (!declarations.isEmpty()) {
                out.putArray("tools").addObject().set("functionDeclarations", declarations);
                any = true;
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice == null || choice.isNull() || !any) {
            return;
        }
        ObjectNode calling = NODES.objectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> calling.put("mode", "AUTO");
                case "none" -> calling.put("mode", "NONE");
                case "required" -> calling.put("mode", "ANY");
                default -> throw new TranslationException("tool_choice", "tool_choice must be none, auto, required or a function");
            }
        } else if (choice.isObject() && "function".equals(choice.path("type").asText())
                && choice.path("function").path("name").isTextual()) {
            calling.put("mode", "ANY").putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
        } else {
            throw new TranslationException("tool_choice", "tool_choice must be none, auto, required or a function");
        }
        out.putObject("toolConfig").set("functionCallingConfig", calling);
    }

    /** The walk over {@code messages}: system parts, contents with merged roles, tool call ids to names. */
    private static final class Messages {
        private final ObjectNode in;
        private final ArrayNode system = NODES.arrayNode();
        private final ArrayNode contents = NODES.arrayNode();
        private final Map<String, String> callNames = new HashMap<>();
        private final boolean signatures;

        Messages(ObjectNode in, boolean signatures) {
            this.in = in;
            this.signatures = signatures;
        }

        void into(ObjectNode out) {
            JsonNode top = in.get("system");
            if (top != null && !top.isNull()) {
                systemParts(top, "system");
            }
            JsonNode messages = in.get("messages");
            if (messages == null || !messages.isArray() || messages.isEmpty()) {
                throw new TranslationException("messages", "messages must be a non-empty array");
            }
            for (int i = 0; i < messages.size(); i++) {
                message(messages.get(i), "messages[" + i + "]");
            }
            if (contents.isEmpty()) {
                throw new TranslationException("messages", "messages needs at least one user or assistant message");
            }
            if (!system.isEmpty()) {
                out.putObject("systemInstruction").set("parts", system);
            }
            out.set("contents", contents);
        }

        private void message(JsonNode message, String field) {
            String role = message.path("role").asText("");
            JsonNode content = message.get("content");
            switch (role) {
                case "system", "developer" -> {
                    if (content != null && !content.isNull()) {
                        systemParts(content, field + ".content");
                    }
                }
                case "user" -> add("user", userParts(content, field + ".content"));
                case "assistant" -> add("model", assistantParts(message, field));
                case "tool" -> {
                    String id = message.path("tool_call_id").asText("");
                    String name = callNames.get(id);
                    if (name == null) {
                        throw new TranslationException(field + ".tool_call_id",
                                field + ".tool_call_id does not answer a tool call of an earlier assistant message");
                    }
                    add("user", functionResponse(name, content, field + ".content"));
                }
                case "function" -> {
                    String name = message.path("name").asText("");
                    if (name.isEmpty()) {
                        throw new TranslationException(field + ".name", "a function message needs a name");
                    }
                    add("user", functionResponse(name, content, field + ".content"));
                }
                default -> throw new TranslationException(field + ".role",
                        field + ".role must be system, developer, user, assistant or tool");
            }
        }

        private void add(String role, ArrayNode parts) {
            if (parts.isEmpty()) {
                return;
            }
            JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
            if (last != null && role.equals(last.path("role").asText())) {
                ((ArrayNode) last.get("parts")).addAll(parts);
                return;
            }
            ObjectNode turn = contents.addObject().put("role", role);
            turn.set("parts", parts);
        }

        private void systemParts(JsonNode content, String field) {
            if (content.isTextual()) {
                if (!content.asText().isEmpty()) {
                    system.addObject().put("text", content.asText());
                }
                return;
            }
            if (!content.isArray()) {
                throw new TranslationException(field, field + " must be a string or an array of text parts");
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new TranslationException(field + "[" + j + "]", "system content must be text");
                }
                if (!part.get("text").asText().isEmpty()) {
                    system.addObject().put("text", part.get("text").asText());
                }
            }
        }

        private ArrayNode userParts(JsonNode content, String field) {
            ArrayNode parts = NODES.arrayNode();
            if (content == null || content.isNull()) {
                return parts;
            }
            if (content.isTextual()) {
                text(parts, content.asText());
                return parts;
            }
            if (!content.isArray()) {
                throw new TranslationException(field, field + " must be a string or an array of parts");
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String partField = field + "[" + j + "]";
                switch (part.path("type").asText("")) {
                    case "text" -> text(parts, part.path("text").asText(""));
                    case "image_url" -> parts.add(image(part.path("image_url").path("url").asText(""), partField));
                    case "file" -> parts.add(file(part.path("file"), partField));
                    default -> throw new TranslationException(partField + ".type",
                            "content parts of type " + part.path("type").asText("(none)")
                                    + " are not supported for Gemini targets");
                }
            }
            return parts;
        }

        /**
         * The message's parts, with Gemini's own signature ({@link Reasoning#geminiSignature}) back on the part
         * Gemini put it on: the first function call (Gemini signs parallel calls on the first), or the last part of
         * an answer without calls. Without one, Gemini 3's first call gets the sentinel; another provider's
         * signature is never sent.
         */
        private ArrayNode assistantParts(JsonNode message, String field) {
            ArrayNode parts = assistantContent(message, field);
            String signature = Reasoning.geminiSignature(message.get(Reasoning.SIGNATURE));
            ObjectNode call = null;
            for (JsonNode part : parts) {
                if (part.has("functionCall")) {
                    call = (ObjectNode) part;
                    break;
                }
            }
            if (call != null && (signature != null || signatures)) {
                call.put("thoughtSignature", signature != null ? signature : SKIP_THOUGHT_SIGNATURE);
            } else if (call == null && signature != null && !parts.isEmpty()) {
                ((ObjectNode) parts.get(parts.size() - 1)).put("thoughtSignature", signature);
            }
            return parts;
        }

        private ArrayNode assistantContent(JsonNode message, String field) {
            ArrayNode parts = NODES.arrayNode();
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                text(parts, content.asText());
            } else if (content != null && content.isArray()) {
                for (int j = 0; j < content.size(); j++) {
                    JsonNode part = content.get(j);
                    switch (part.path("type").asText("")) {
                        case "text" -> text(parts, part.path("text").asText(""));
                        case "refusal" -> text(parts, part.path("refusal").asText(""));
                        default -> throw new TranslationException(field + ".content[" + j + "].type",
                                "assistant content must be text");
                    }
                }
            }
            JsonNode calls = message.get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (int j = 0; j < calls.size(); j++) {
                    JsonNode call = calls.get(j);
                    String callField = field + ".tool_calls[" + j + "]";
                    String name = call.path("function").path("name").asText("");
                    if (name.isEmpty()) {
                        throw new TranslationException(callField + ".function.name", "a tool call needs a name");
                    }
                    callNames.put(call.path("id").asText(""), name);
                    ObjectNode functionCall = parts.addObject().putObject("functionCall").put("name", name);
                    functionCall.set("args", arguments(call.path("function").get("arguments"),
                            callField + ".function.arguments"));
                }
            }
            JsonNode legacy = message.get("function_call");
            if (legacy != null && legacy.isObject()) {
                ObjectNode functionCall = parts.addObject().putObject("functionCall")
                        .put("name", legacy.path("name").asText(""));
                functionCall.set("args", arguments(legacy.get("arguments"), field + ".function_call.arguments"));
            }
            return parts;
        }

        private static JsonNode arguments(JsonNode arguments, String field) {
            if (arguments == null || arguments.isNull()
                    || (arguments.isTextual() && arguments.asText().isBlank())) {
                return NODES.objectNode();
            }
            JsonNode parsed = arguments.isTextual() ? GeminiJson.readOrNull(arguments.asText()) : arguments;
            if (parsed == null || !parsed.isObject()) {
                throw new TranslationException(field, field + " must be a JSON object");
            }
            return parsed;
        }

        private static ArrayNode functionResponse(String name, JsonNode content, String field) {
            String text;
            if (content == null || content.isNull()) {
                text = "";
            } else if (content.isTextual()) {
                text = content.asText();
            } else if (content.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode part : content) {
                    if (!"text".equals(part.path("type").asText())) {
                        throw new TranslationException(field, "tool results must be text for Gemini targets");
                    }
                    joined.append(part.path("text").asText(""));
                }
                text = joined.toString();
            } else {
                throw new TranslationException(field, field + " must be a string or an array of text parts");
            }
            JsonNode parsed = text.isBlank() ? null : GeminiJson.readOrNull(text);
            ObjectNode response = parsed != null && parsed.isObject() ? (ObjectNode) parsed
                    : NODES.objectNode().put("content", text);
            ArrayNode parts = NODES.arrayNode();
            ObjectNode functionResponse = parts.addObject().putObject("functionResponse").put("name", name);
            functionResponse.set("response", response);
            return parts;
        }

        private static void text(ArrayNode parts, String text) {
            if (!text.isEmpty()) {
                parts.addObject().put("text", text);
            }
        }

        private static ObjectNode image(String url, String field) {
            if (url.startsWith("data:")) {
                return inline(url, field + ".image_url.url");
            }
            String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new TranslationException(field + ".image_url.url",
                        "image URLs must be http(s) or base64 data URLs");
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new TranslationException(field + ".image_url.url", "the image URL is not a valid URL");
            }
            if (uri.getHost() == null) {
                throw new TranslationException(field + ".image_url.url", "the image URL has no host");
            }
            ObjectNode part = NODES.objectNode();
            part.putObject("fileData").put("mimeType", imageMime(uri.getPath())).put("fileUri", url);
            return part;
        }

        private static ObjectNode file(JsonNode file, String field) {
            if (file.hasNonNull("file_id")) {
                throw new TranslationException(field + ".file.file_id",
                        "files by OpenAI file id cannot be sent to Gemini targets");
            }
            String data = file.path("file_data").asText("");
            if (!data.startsWith("data:")) {
                throw new TranslationException(field + ".file.file_data", "file_data must be a base64 data URL");
            }
            return inline(data, field + ".file.file_data");
        }

        private static ObjectNode inline(String url, String field) {
            var m = DATA_URL.matcher(url);
            if (!m.matches()) {
                throw new TranslationException(field, "data URLs must be base64 with a media type");
            }
            ObjectNode part = NODES.objectNode();
            part.putObject("inlineData").put("mimeType", m.group(1).toLowerCase(Locale.ROOT)).put("data", m.group(3));
            return part;
        }

        /** The image type Gemini needs with a URL, from its extension; JPEG when it has none it knows. */
        static String imageMime(String path) {
            String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
            if (p.endsWith(".png")) {
                return "image/png";
            } else if (p.endsWith(".webp")) {
                return "image/webp";
            } else if (p.endsWith(".gif")) {
                return "image/gif";
            } else if (p.endsWith(".heic")) {
                return "image/heic";
            } else if (p.endsWith(".heif")) {
                return "image/heif";
            }
            return "image/jpeg";
        }
    }

    // ---------------------------------------------------------------------------------------------- answers

    @Override
    public Buffer response(Buffer upstreamBody) {
        JsonNode body = GeminiJson.readOrNull(Json.input(upstreamBody));
        if (body == null || !body.isObject()) {
            throw new ProviderResponseException("Gemini answered with a body that is not a JSON object");
        }
        Candidates candidates = Candidates.of(body);
        if (candidates.list().isEmpty() && !candidates.blocked()) {
            throw new ProviderResponseException("Gemini answered without candidates");
        }
        ObjectNode out = OpenAiAnswers.completion(completionId(), clock.instant().getEpochSecond(), modelFor(body));
        if (candidates.blocked()) {
            OpenAiAnswers.choice(out, 0, NODES.objectNode().put("role", "assistant").putNull("content")
                    .putNull("refusal"), "content_filter");
        }
        int position = 0;
        for (JsonNode candidate : candidates.list()) {
            Parts parts = Parts.of(candidate, this);
            int index = candidate.path("index").asInt(position++);
            ObjectNode message = NODES.objectNode().put("role", "assistant");
            String finish = finishReason(candidate.path("finishReason").asText(null), !parts.calls().isEmpty());
            if (finish == null) {
                finish = parts.calls().isEmpty() ? "stop" : "tool_calls";
            }
            if (parts.text().isEmpty() && (!parts.calls().isEmpty() || "content_filter".equals(finish))) {
                message.putNull("content");
            } else {
                message.put("content", parts.text());
            }
            message.putNull("refusal");
            if (!parts.thoughts().isEmpty()) {
                message.put(Reasoning.CONTENT, parts.thoughts());
            }
            if (parts.signature() != null) {
                message.put(Reasoning.SIGNATURE, Reasoning.fromGemini(parts.signature()));
            }
            if (!parts.calls().isEmpty()) {
                message.set("tool_calls", parts.calls());
            }
            OpenAiAnswers.choice(out, index, message, finish);
        }
        JsonNode usage = body.get("usageMetadata");
        if (usage != null && usage.isObject()) {
            out.set("usage", usage(usage));
        }
        return Json.buffer(out, upstreamBody.length());
    }

    @Override
    public StreamTranslator stream() {
        return new OpenAiToGeminiStreamTranslator(this, completionId(), clock.instant().getEpochSecond(),
                includeUsage);
    }

    String completionId() {
        return "chatcmpl-" + token();
    }

    String modelFor(JsonNode body) {
        if (model != null) {
            return model;
        }
        return body.path("modelVersion").asText("gemini");
    }

    /** The next tool call id of this attempt. */
    String nextCallId() {
        return "call_" + token() + "_" + callCounter[0]++;
    }

    private String token() {
        if (token == null) {
            token = tokens.get();
        }
        return token;
    }

    /** Gemini's finish reason in OpenAI's words; {@code null} while a streamed candidate is unfinished. */
    static String finishReason(String gemini, boolean calledFunctions) {
        if (gemini == null || gemini.isEmpty()) {
            return null;
        }
        return switch (gemini) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> "content_filter";
            default -> calledFunctions ? "tool_calls" : "stop";
        };
    }

    static ObjectNode usage(JsonNode metadata) {
        long prompt = metadata.path("promptTokenCount").asLong(0) + metadata.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = metadata.path("thoughtsTokenCount").asLong(0);
        long completion = metadata.path("candidatesTokenCount").asLong(0) + thoughts;
        long total = metadata.has("totalTokenCount") ? metadata.path("totalTokenCount").asLong(0) : prompt + completion;
        return OpenAiAnswers.usage(prompt, completion, total, metadata.path("cachedContentTokenCount").asLong(0),
                thoughts);
    }

    /** The candidates of one GenerateContentResponse, checked; blocked when the prompt was refused. */
    record Candidates(java.util.List<JsonNode> list, boolean blocked) {
        static Candidates of(JsonNode body) {
            if (body.has("error")) {
                throw new ProviderResponseException("Gemini answered 200 with an error object");
            }
            JsonNode candidates = body.get("candidates");
            if (candidates == null || candidates.isNull() || (candidates.isArray() && candidates.isEmpty())) {
                if (body.path("promptFeedback").hasNonNull("blockReason")) {
                    return new Candidates(java.util.List.of(), true);
                }
                return new Candidates(java.util.List.of(), false);
            }
            if (!candidates.isArray()) {
                throw new ProviderResponseException("Gemini's candidates is not an array");
            }
            java.util.List<JsonNode> list = new java.util.ArrayList<>();
            for (JsonNode candidate : candidates) {
                if (!candidate.isObject()) {
                    throw new ProviderResponseException("a Gemini candidate is not an object");
                }
                list.add(candidate);
            }
            return new Candidates(list, false);
        }
    }

    /**
     * A candidate's text, its thought summaries (the text of parts marked {@code thought}, when the attempt asked
     * for them), function calls as OpenAI tool calls with fresh ids, and the {@code thoughtSignature}s Gemini put
     * on them: the first signed function call's ({@code callSignature}), and the last on any other part
     * ({@code otherSignature}, where Gemini signs an answer without calls).
     */
    record Parts(String text, String thoughts, ArrayNode calls, String callSignature, String otherSignature) {

        /** The signature the client keeps for this answer: its calls', or else its last part's. */
        String signature() {
            return callSignature != null ? callSignature : otherSignature;
        }

        static Parts of(JsonNode candidate, OpenAiToGeminiTranslator ids) {
            StringBuilder text = new StringBuilder();
            StringBuilder thoughts = new StringBuilder();
            ArrayNode calls = NODES.arrayNode();
            JsonNode content = candidate.get("content");
            if (content == null || content.isNull()) {
                return new Parts("", "", calls, null, null);
            }
            JsonNode parts = content.get("parts");
            if (parts == null || parts.isNull()) {
                return new Parts("", "", calls, null, null);
            }
            if (!content.isObject() || !parts.isArray()) {
                throw new ProviderResponseException("a Gemini candidate's content.parts is not an array");
            }
            String callSignature = null;
            String otherSignature = null;
            for (JsonNode part : parts) {
                JsonNode signed = part.get("thoughtSignature");
                String signature = signed != null && signed.isTextual() && !signed.asText().isEmpty()
                        ? signed.asText() : null;
                JsonNode call = part.get("functionCall");
                if (call != null && call.isObject()) {
                    if (!call.path("name").isTextual()) {
                        throw new ProviderResponseException("a Gemini functionCall has no name");
                    }
                    JsonNode args = call.get("args");
                    ObjectNode toolCall = calls.addObject().put("id", ids.nextCallId()).put("type", "function");
                    toolCall.putObject("function").put("name", call.get("name").asText())
                            .put("arguments", GeminiJson.string(args == null || args.isNull() ? NODES.objectNode() : args));
                    callSignature = callSignature == null ? signature : callSignature;
                    continue;
                }
                otherSignature = signature != null ? signature : otherSignature;
                JsonNode t = part.get("text");
                if (part.path("thought").asBoolean(false)) {
                    if (ids.thoughts && t != null) {
                        thoughts.append(t.asText(""));
                    }
                } else if (t != null && t.isTextual()) {
                    text.append(t.asText());
                }
            }
            return new Parts(text.toString(), thoughts.toString(), calls, callSignature, otherSignature);
        }
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        JsonNode body = GeminiJson.readOrNull(Json.input(upstreamBody));
        JsonNode error = body == null ? null : body.path("error");
        String grpc = error == null ? "" : error.path("status").asText("");
        String message = error == null ? "" : error.path("message").asText("");
        boolean badKey = false;
        if (error != null) {
            for (JsonNode detail : error.path("details")) {
                if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                    badKey = true;
                }
            }
        }
        int clientStatus;
        String type;
        String code;
        if (badKey || grpc.equals("UNAUTHENTICATED") || grpc.equals("PERMISSION_DENIED")
                || (grpc.isEmpty() && (status == 401 || status == 403))) {
            clientStatus = 502;
            type = "api_error";
            code = "upstream_authentication_failed";
            message = "The provider refused the gateway's credentials for this target.";
        } else {
            switch (grpc.isEmpty() ? byHttp(status) : grpc) {
                case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> {
                    clientStatus = 400;
                    type = "invalid_request_error";
                    code = "invalid_request";
                }
                case "NOT_FOUND" -> {
                    clientStatus = 404;
                    type = "invalid_request_error";
                    code = "not_found";
                }
                case "RESOURCE_EXHAUSTED" -> {
                    clientStatus = 429;
                    type = "rate_limit_error";
                    code = "rate_limit_exceeded";
                }
                case "UNAVAILABLE" -> {
                    clientStatus = 503;
                    type = "api_error";
                    code = "service_unavailable";
                }
                case "DEADLINE_EXCEEDED" -> {
                    clientStatus = 504;
                    type = "api_error";
                    code = "timeout";
                }
                default -> {
                    clientStatus = 502;
                    type = "api_error";
                    code = "upstream_error";
                }
            }
        }
        if (message.isEmpty()) {
            message = "The provider answered with status " + status + ".";
        }
        ObjectNode out = NODES.objectNode();
        out.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        return new ClientError(clientStatus, GeminiJson.buffer(out));
    }

    private static String byHttp(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "";
        };
    }
}
