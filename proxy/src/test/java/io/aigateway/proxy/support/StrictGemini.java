package io.aigateway.proxy.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Gemini API ({@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}) that checks each request against the documented rules and refuses, in
 * Google's error format ({@code {"error":{"code","message","status"}}}), what Gemini would refuse: 403 without an
 * API key, 400 with a wrong one (reason {@code API_KEY_INVALID}) and for a malformed request.
 *
 * <p>{@link #vertex} is the same API as Vertex AI serves it: under
 * {@code /v1/projects/{project}/locations/{location}/publishers/google/models/{model}}, for OAuth access tokens only
 * ({@code Authorization: Bearer}; 401 {@code UNAUTHENTICATED} without a valid one, as an API key gets too), and
 * 404 for another project or location.
 *
 * <p>Thought signatures, as Gemini 3 checks them: a {@code thoughtSignature} must be base64 (it is bytes); in the
 * current turn (the contents after the last user content that is not only function responses) every signature
 * must be one this fake issued ({@link #signed}) on that same kind of part, or Google's sentinel
 * {@value #SKIP_VALIDATOR}, and on a Gemini 3 model the first function call of each model content must carry one.
 */
public final class StrictGemini extends StrictFake<StrictGemini> {

    private static final Pattern PATH = Pattern.compile("/v1beta/models/([A-Za-z0-9._\\-]+):(generateContent|"
            + "streamGenerateContent)");
    private static final String VERTEX_PATH = "/v1/projects/%s/locations/%s/publishers/google/models/"
            + "([A-Za-z0-9._\\-]+):(generateContent|streamGenerateContent)";
    /** The fields of a GenerateContentRequest; any other is "Invalid JSON payload received. Unknown name". */
    private static final Set<String> FIELDS = Set.of("contents", "tools", "toolConfig", "safetySettings",
            "systemInstruction", "generationConfig", "cachedContent");
    private static final Set<String> PART_DATA = Set.of("text", "inlineData", "fileData", "functionCall",
            "functionResponse", "executableCode", "codeExecutionResult");

    /** Google's documented value for replayed calls whose signature is not known. */
    public static final String SKIP_VALIDATOR = "skip_thought_signature_validator";
    private static final Pattern GENERATION = Pattern.compile("gemini-(\\d+)[.\\-].*");

    private final String apiKey;
    private final Pattern path;
    /** Vertex AI only: whether a bearer token is one its token endpoint issued and is still valid. */
    private final Predicate<String> accessTokens;
    /** The signatures this fake issued, each with what it signed: a function's name, or {@code text}. */
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final List<String> issuedInOrder = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    private StrictGemini(FakeUpstream fake, String apiKey, Pattern path, Predicate<String> accessTokens) {
        super(fake);
        this.apiKey = apiKey;
        this.path = path;
        this.accessTokens = accessTokens;
    }

    public static StrictGemini start(Vertx vertx, String apiKey) throws Exception {
        return answeringHello(new StrictGemini(FakeUpstream.start(vertx, "gemini"), apiKey, PATH, null));
    }

    /** Vertex AI for one project and location, taking the bearer tokens {@code accessTokens} accepts. */
    public static StrictGemini vertex(Vertx vertx, String project, String location, Predicate<String> accessTokens)
            throws Exception {
        return answeringHello(new StrictGemini(FakeUpstream.start(vertx, "vertex"), null,
                Pattern.compile(String.format(VERTEX_PATH, Pattern.quote(project), Pattern.quote(location))),
                accessTokens));
    }

    private static StrictGemini answeringHello(StrictGemini strict) {
        strict.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response(candidate(new JsonArray().add(text("Hello from Gemini")), "STOP"),
                        usage(4, 4, 0)).encode()));
        return strict;
    }

    /** Why Gemini would refuse; null for a valid request. */
    public record Refusal(int status, String grpcStatus, String message, String reason) implements ErrorReply {
        @Override
        public void send(HttpServerResponse resp) {
            JsonObject error = new JsonObject().put("code", status).put("message", message).put("status", grpcStatus);
            if (reason != null) {
                error.put("details", new JsonArray().add(new JsonObject()
                        .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", reason)
                        .put("domain", "googleapis.com")));
            }
            resp.setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
                    .end(new JsonObject().put("error", error).encode());
        }
    }

    private static Refusal bad(String message) {
        return new Refusal(400, "INVALID_ARGUMENT", message, null);
    }

    @Override
    Refusal check(HttpServerRequest req, Buffer body) {
        Matcher path = this.path.matcher(req.path());
        if (!"POST".equals(req.method().name()) || !path.matches()) {
            return new Refusal(404, "NOT_FOUND", "Requested entity was not found: " + req.path(), null);
        }
        boolean streaming = "streamGenerateContent".equals(path.group(2));
        if (streaming != "sse".equals(req.getParam("alt"))) {
            return bad("streamGenerateContent is answered as server-sent events only with alt=sse");
        }
        Refusal access = accessTokens != null ? checkAccessToken(req) : checkApiKey(req);
        if (access != null) {
            return access;
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return bad("Invalid JSON payload received.");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return bad("Invalid JSON payload received. Unknown name \"" + field + "\": Cannot find field.");
            }
        }
        Set<String> declared = new HashSet<>();
        for (Object t : json.getJsonArray("tools", new JsonArray())) {
            if (t instanceof JsonObject tool) {
                for (Object d : tool.getJsonArray("functionDeclarations", new JsonArray())) {
                    if (!(d instanceof JsonObject decl) || !(decl.getValue("name") instanceof String name)) {
                        return bad("* GenerateContentRequest.tools[0].function_declarations: name is required");
                    }
                    declared.add(name);
                }
            }
        }
        Object system = json.getValue("systemInstruction");
        if (system != null && !(system instanceof JsonObject s && s.getValue("parts") instanceof JsonArray)) {
            return bad("systemInstruction must be a Content with parts");
        }
        Refusal thinking = checkThinking(path.group(1), json.getJsonObject("generationConfig", new JsonObject())
                .getValue("thinkingConfig"));
        if (thinking != null) {
            return thinking;
        }
        Refusal contents = checkContents(json.getValue("contents"), declared);
        return contents != null ? contents : checkSignatures(path.group(1), json.getJsonArray("contents"));
    }

    private Refusal checkApiKey(HttpServerRequest req) {
        if (req.getHeader("Authorization") != null) {
            return new Refusal(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected "
                    + "OAuth 2 access token", null);
        }
        String key = req.getHeader("x-goog-api-key");
        if (key == null) {
            return new Refusal(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers", null);
        }
        if (!apiKey.equals(key)) {
            return new Refusal(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    "API_KEY_INVALID");
        }
        return null;
    }

    private Refusal checkAccessToken(HttpServerRequest req) {
        String authorization = req.getHeader("Authorization");
        if (req.getHeader("x-goog-api-key") != null || authorization == null || !authorization.startsWith("Bearer ")
                || !accessTokens.test(authorization.substring("Bearer ".length()))) {
            return new Refusal(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected "
                    + "OAuth 2 access token, login cookie or other valid authentication credential.",
                    "ACCESS_TOKEN_TYPE_UNSUPPORTED");
        }
        return null;
    }

    /**
     * {@code part} signed as Gemini signs it: a fresh base64 {@code thoughtSignature}, remembered with what it is
     * on (the function's name, or {@code text}).
     */
    public JsonObject signed(JsonObject part) {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String signature = Base64.getEncoder().encodeToString(bytes);
        JsonObject call = part.getJsonObject("functionCall");
        issued.put(signature, call != null ? call.getString("name") : "text");
        issuedInOrder.add(signature);
        return part.copy().put("thoughtSignature", signature);
    }

    /** The signatures issued so far, oldest first. */
    public List<String> issued() {
        return List.copyOf(issuedInOrder);
    }

    private Refusal checkSignatures(String model, JsonArray contents) {
        int turn = 0;
        for (int i = 0; i < contents.size(); i++) {
            JsonObject content = contents.getJsonObject(i);
            if (content.getString("role").equals("user") && content.getJsonArray("parts").stream()
                    .anyMatch(p -> !((JsonObject) p).containsKey("functionResponse"))) {
                turn = i;
            }
        }
        Matcher generation = GENERATION.matcher(model);
        boolean three = generation.matches() && Integer.parseInt(generation.group(1)) >= 3;
        for (int i = 0; i < contents.size(); i++) {
            JsonArray parts = contents.getJsonObject(i).getJsonArray("parts");
            boolean firstCall = true;
            for (int k = 0; k < parts.size(); k++) {
                JsonObject part = parts.getJsonObject(k);
                Object signature = part.getValue("thoughtSignature");
                if (signature != null && !(signature instanceof String s && base64(s))) {
                    return bad("Invalid value at 'contents[" + i + "].parts[" + k + "].thought_signature' "
                            + "(TYPE_BYTES), Base64 decoding failed for \"" + signature + "\"");
                }
                if (i <= turn) {
                    continue;
                }
                JsonObject call = part.getJsonObject("functionCall");
                if (call != null && firstCall && three && signature == null) {
                    return bad("Function call is missing a thought_signature in functionCall parts. This is "
                            + "required for tools to work correctly, and missing thought_signature may lead to "
                            + "degraded model performance. Additional data, function call `default_api:"
                            + call.getString("name") + "` , position " + (k + 1) + ". Please refer to "
                            + "https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
                }
                firstCall = firstCall && call == null;
                if (signature != null && !signature.equals(SKIP_VALIDATOR)
                        && !(call != null ? call.getString("name") : "text").equals(issued.get(signature))) {
                    return bad("Unable to submit request because Thought signature is not valid.. Learn more: "
                            + "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
                }
            }
        }
        return null;
    }

    /** {@code thinkingBudget} within the model's range (-1: dynamic): Pro 128–32768, Flash 0–24576. */
    private static Refusal checkThinking(String model, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject config) || !Set.of("thinkingBudget", "includeThoughts", "thinkingLevel")
                .containsAll(config.fieldNames())) {
            return bad("Invalid JSON payload received. Unknown name in generation_config.thinking_config");
        }
        if (!(config.getValue("thinkingBudget", -1) instanceof Integer budget)) {
            return bad("generation_config.thinking_config.thinking_budget must be an integer");
        }
        int min = model.contains("pro") ? 128 : 0;
        int max = model.contains("pro") ? 32768 : 24576;
        if (budget != -1 && (budget < min || budget > max)) {
            return bad("The thinking budget " + budget + " is invalid. Please choose a value between " + min
                    + " and " + max + ".");
        }
        return null;
    }

    private static Refusal checkContents(Object value, Set<String> declared) {
        if (!(value instanceof JsonArray contents) || contents.isEmpty()) {
            return bad("* GenerateContentRequest.contents: contents is not specified");
        }
        List<String> pendingCalls = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            String at = "contents[" + i + "]";
            if (!(contents.getValue(i) instanceof JsonObject content)) {
                return bad(at + " must be a Content");
            }
            String role = content.getString("role", "");
            if (!role.equals("user") && !role.equals("model")) {
                return bad("Please use a valid role: user, model.");
            }
            if (i == 0 && !role.equals("user")) {
                return bad("The first content must come from the user");
            }
            if (!(content.getValue("parts") instanceof JsonArray parts) || parts.isEmpty()) {
                return bad("* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.");
            }
            List<String> calls = new ArrayList<>();
            List<String> responses = new ArrayList<>();
            for (int k = 0; k < parts.size(); k++) {
                String pt = at + ".parts[" + k + "]";
                if (!(parts.getValue(k) instanceof JsonObject part)) {
                    return bad(pt + " must be a Part");
                }
                long data = part.fieldNames().stream().filter(PART_DATA::contains).count();
                if (data != 1) {
                    return bad("* GenerateContentRequest." + pt + ".data: required oneof field 'data' must have one "
                            + "initialized field");
                }
                if (part.getValue("functionCall") instanceof JsonObject call) {
                    if (!role.equals("model") || !(call.getValue("name") instanceof String name)
                            || (call.containsKey("args") && !(call.getValue("args") instanceof JsonObject))) {
                        return bad(pt + ".functionCall needs a name and args object in a model turn");
                    }
                    if (!declared.contains(name)) {
                        return bad(pt + ".functionCall names an undeclared function: " + name);
                    }
                    calls.add(name);
                } else if (part.getValue("functionResponse") instanceof JsonObject response) {
                    if (!role.equals("user") || !(response.getValue("name") instanceof String name)
                            || !(response.getValue("response") instanceof JsonObject)) {
                        return bad(pt + ".functionResponse needs a name and a response object in a user turn");
                    }
                    responses.add(name);
                } else if (part.containsKey("functionCall") || part.containsKey("functionResponse")) {
                    return bad(pt + " function parts must be objects");
                }
            }
            if (!responses.isEmpty() || !pendingCalls.isEmpty()) {
                List<String> a = new ArrayList<>(responses);
                List<String> b = new ArrayList<>(pendingCalls);
                a.sort(null);
                b.sort(null);
                if (!a.equals(b)) {
                    return bad("Please ensure that the number of function response parts is equal to the number of "
                            + "function call parts of the function call turn, and that their names match: calls "
                            + pendingCalls + ", responses " + responses);
                }
            }
            pendingCalls = calls;
        }
        return null;
    }

    // ---------------------------------------------------------------- answers, in the documented shapes

    /**
     * A tool round for {@code get_weather}: calls it for Paris, France, then, given a function response, answers
     * "It is {response} in Paris."
     */
    public static FakeUpstream.Behaviour weatherRound() {
        return (req, body) -> {
            JsonArray contents = new JsonObject(body).getJsonArray("contents");
            JsonObject lastPart = contents.getJsonObject(contents.size() - 1).getJsonArray("parts").getJsonObject(0);
            JsonObject answer = lastPart.containsKey("functionResponse")
                    ? response(candidate(new JsonArray().add(text("It is "
                            + lastPart.getJsonObject("functionResponse").getJsonObject("response").encode()
                            + " in Paris.")), "STOP"), usage(80, 12, 0))
                    : response(candidate(new JsonArray().add(functionCall("get_weather",
                            new JsonObject().put("location", "Paris, France"))), "STOP"), usage(60, 30, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        };
    }

    public static JsonObject text(String text) {
        return new JsonObject().put("text", text);
    }

    public static JsonObject thought(String text) {
        return new JsonObject().put("text", text).put("thought", true);
    }

    public static JsonObject functionCall(String name, JsonObject args) {
        return new JsonObject().put("functionCall", new JsonObject().put("name", name).put("args", args));
    }

    public static JsonObject candidate(JsonArray parts, String finishReason) {
        JsonObject c = new JsonObject().put("content", new JsonObject().put("parts", parts).put("role", "model"))
                .put("index", 0);
        return finishReason == null ? c : c.put("finishReason", finishReason);
    }

    public static JsonObject usage(long prompt, long candidates, long cached) {
        JsonObject u = new JsonObject().put("promptTokenCount", prompt).put("candidatesTokenCount", candidates)
                .put("totalTokenCount", prompt + candidates);
        return cached > 0 ? u.put("cachedContentTokenCount", cached) : u;
    }

    public static JsonObject response(JsonObject candidate, JsonObject usage) {
        JsonObject r = new JsonObject().put("candidates", new JsonArray().add(candidate))
                .put("modelVersion", "gemini-2.0-flash").put("responseId", "mAitaLmkHPPlz7IPvtfUqQ4");
        return usage == null ? r : r.put("usageMetadata", usage);
    }

    /** One server-sent event as Gemini writes it with {@code alt=sse}: a data line and CRLF line ends. */
    public static String event(JsonObject data) {
        return "data: " + data.encode() + "\r\n\r\n";
    }
}
