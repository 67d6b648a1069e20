package io.aigateway.proxy.support;

import io.aigateway.proxy.auth.SigV4Signer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Bedrock Runtime's {@code POST /model/{modelId}/converse} and {@code /converse-stream} that refuses,
 * as AWS does, what Bedrock would refuse: 403 {@code InvalidSignatureException} unless the SigV4 signature is valid
 * (recomputed here over the method, URL, the headers the request says it signed and the body, for this fake's key
 * and the request's own {@code X-Amz-Date}), and 400 {@code ValidationException} for a body that breaks the Converse
 * rules. Errors carry {@code x-amzn-ErrorType} and a {@code {"message"}} body, as Bedrock's do.
 */
public final class StrictBedrock extends StrictFake<StrictBedrock> {

    private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** The headers the signer adds or derives itself: recomputing it adds them again. */
    private static final Set<String> SIGNER_ADDED = Set.of("authorization", "x-amz-date", "x-amz-content-sha256",
            "x-amz-security-token", "host");
    private static final Set<String> FIELDS = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "promptVariables", "additionalModelResponseFieldPaths",
            "requestMetadata", "performanceConfig");
    private static final Set<String> BLOCKS = Set.of("text", "image", "document", "video", "toolUse", "toolResult",
            "guardContent", "reasoningContent", "cachePoint");
    private static final Set<String> INFERENCE = Set.of("maxTokens", "temperature", "topP", "stopSequences");

    private final SigV4Signer.AwsKey key;

    private StrictBedrock(FakeUpstream fake, SigV4Signer.AwsKey key) {
        super(fake);
        this.key = key;
    }

    public static StrictBedrock start(Vertx vertx, SigV4Signer.AwsKey key) throws Exception {
        StrictBedrock strict = new StrictBedrock(FakeUpstream.start(vertx, "bedrock"), key);
        strict.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(converse(new JsonArray().add(text("Hello from Bedrock")), "end_turn", usage(5, 4, 0)).encode()));
        return strict;
    }

    /** Why Bedrock would refuse; null for a valid request. */
    public record Refusal(int status, String errorType, String message) implements ErrorReply {
        @Override
        public void send(HttpServerResponse resp) {
            resp.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                    .end(new JsonObject().put("message", message).encode());
        }
    }

    private static Refusal bad(String message) {
        return new Refusal(400, "ValidationException", message);
    }

    private static Refusal signature(String message) {
        return new Refusal(403, "InvalidSignatureException", message);
    }

    @Override
    Refusal check(HttpServerRequest req, Buffer body) {
        Matcher path = PATH.matcher(req.path());
        if (!"POST".equals(req.method().name()) || !path.matches()) {
            return new Refusal(404, "UnknownOperationException", "Unknown operation " + req.path());
        }
        Refusal unsigned = checkSignature(req, body);
        if (unsigned != null) {
            return unsigned;
        }
        String modelId = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        if (modelId.isBlank()) {
            return bad("1 validation error detected: Value at 'modelId' failed to satisfy constraint");
        }
        if (path.group(2).equals("converse-stream") && req.getHeader("Accept") != null
                && !req.getHeader("Accept").contains("application/vnd.amazon.eventstream")
                && !req.getHeader("Accept").contains("*/*")) {
            return bad("ConverseStream answers with application/vnd.amazon.eventstream");
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return new Refusal(400, "SerializationException", "Could not parse the request body");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return bad("Malformed input request: extraneous key [" + field + "] is not permitted");
            }
        }
        Object inference = json.getValue("inferenceConfig");
        if (inference != null) {
            if (!(inference instanceof JsonObject config)) {
                return bad("inferenceConfig must be an object");
            }
            for (String field : config.fieldNames()) {
                if (!INFERENCE.contains(field)) {
                    return bad("Malformed input request: extraneous key [inferenceConfig." + field + "]");
                }
            }
        }
        Object system = json.getValue("system");
        if (system != null && !(system instanceof JsonArray blocks && blocks.stream()
                .allMatch(b -> b instanceof JsonObject o && o.getValue("text") instanceof String))) {
            return bad("system must be a list of text blocks");
        }
        Set<String> tools = new HashSet<>();
        Object toolConfig = json.getValue("toolConfig");
        if (toolConfig != null) {
            if (!(toolConfig instanceof JsonObject config)
                    || !(config.getValue("tools") instanceof JsonArray list) || list.isEmpty()) {
                return bad("toolConfig.tools must not be empty");
            }
            for (Object t : list) {
                if (!(t instanceof JsonObject tool) || !(tool.getValue("toolSpec") instanceof JsonObject spec)
                        || !(spec.getValue("name") instanceof String name)
                        || !(spec.getValue("inputSchema") instanceof JsonObject schema)
                        || !(schema.getValue("json") instanceof JsonObject)) {
                    return bad("each tool needs toolSpec.name and toolSpec.inputSchema.json");
                }
                tools.add(name);
            }
        }
        boolean thinking = json.getValue("additionalModelRequestFields") instanceof JsonObject extra
                && extra.containsKey("thinking");
        if (thinking) {
            Refusal refusal = checkThinking(json);
            if (refusal != null) {
                return refusal;
            }
        }
        return checkMessages(json.getValue("messages"), tools, toolConfig != null, thinking);
    }

    /** Claude's extended thinking on Bedrock: a budget of at least 1,024 tokens, below maxTokens; no temperature. */
    private static Refusal checkThinking(JsonObject json) {
        if (!(json.getJsonObject("additionalModelRequestFields").getValue("thinking") instanceof JsonObject thinking)
                || !"enabled".equals(thinking.getValue("type"))
                || !(thinking.getValue("budget_tokens") instanceof Number budget)) {
            return bad("thinking: type must be enabled with an integer budget_tokens");
        }
        if (budget.longValue() < 1024) {
            return bad("thinking.budget_tokens: Input should be greater than or equal to 1024");
        }
        JsonObject inference = json.getJsonObject("inferenceConfig", new JsonObject());
        if (!(inference.getValue("maxTokens") instanceof Number max) || budget.longValue() >= max.longValue()) {
            return bad("`max_tokens` must be greater than `thinking.budget_tokens`");
        }
        if (inference.containsKey("temperature") || inference.containsKey("topP")) {
            return bad("temperature and top_p may not be set when thinking is enabled");
        }
        return null;
    }

    private Refusal checkSignature(HttpServerRequest req, Buffer body) {
        String authorization = req.getHeader("Authorization");
        String date = req.getHeader("X-Amz-Date");
        if (authorization == null || date == null) {
            return new Refusal(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches()) {
            return new Refusal(403, "IncompleteSignatureException", "Authorization header requires Credential, "
                    + "SignedHeaders and Signature");
        }
        if (!key.accessKeyId().equals(auth.group(1))) {
            return new Refusal(403, "UnrecognizedClientException", "The security token included in the request is "
                    + "invalid.");
        }
        if (!key.region().equals(auth.group(3)) || !"bedrock".equals(auth.group(4))) {
            return signature("Credential should be scoped to a valid region and service bedrock");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return signature("X-Amz-Date is not in the ISO 8601 basic format");
        }
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return signature("Signature expired: " + date);
        }
        if (!sha256Hex(body.getBytes()).equals(req.getHeader("x-amz-content-sha256"))) {
            return new Refusal(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not "
                    + "match what was computed.");
        }
        if (key.sessionToken() != null && !key.sessionToken().equals(req.getHeader("X-Amz-Security-Token"))) {
            return new Refusal(403, "UnrecognizedClientException", "The security token included in the request is "
                    + "invalid.");
        }
        List<String> signedNames = List.of(auth.group(5).split(";"));
        for (String required : List.of("host", "x-amz-date")) {
            if (!signedNames.contains(required)) {
                return signature("'" + required + "' must be a signed header");
            }
        }
        Map<String, List<String>> signed = new LinkedHashMap<>();
        for (String name : req.headers().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (signedNames.contains(lower) && !SIGNER_ADDED.contains(lower)) {
                signed.put(lower, req.headers().getAll(name));
            }
        }
        String expected = new SigV4Signer("bedrock", Clock.fixed(signedAt, ZoneOffset.UTC))
                .sign(req.method().name(), URI.create("http://" + req.host() + req.uri()), signed,
                        body.getBytes(), key)
                .get("Authorization");
        if (!expected.equals(authorization)) {
            return signature("The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method.");
        }
        return null;
    }

    private static Refusal checkMessages(Object value, Set<String> tools, boolean hasToolConfig, boolean thinking) {
        if (!(value instanceof JsonArray messages) || messages.isEmpty()) {
            return bad("A conversation must start with a user message.");
        }
        Set<String> pendingUses = new HashSet<>();
        String previousRole = null;
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages." + i;
            if (!(messages.getValue(i) instanceof JsonObject message)) {
                return bad(at + " must be an object");
            }
            String role = message.getString("role", "");
            if (!role.equals("user") && !role.equals("assistant")) {
                return bad(at + ".role must be user or assistant");
            }
            if (previousRole == null && !role.equals("user")) {
                return bad("A conversation must start with a user message. Try again with a conversation that "
                        + "starts with a user message.");
            }
            if (role.equals(previousRole)) {
                return bad("A conversation must alternate between user and assistant roles.");
            }
            previousRole = role;
            if (!(message.getValue("content") instanceof JsonArray blocks) || blocks.isEmpty()) {
                return bad("The content field in the Message object at " + at + " is empty.");
            }
            Set<String> uses = new HashSet<>();
            Set<String> results = new HashSet<>();
            for (int k = 0; k < blocks.size(); k++) {
                String bt = at + ".content." + k;
                if (!(blocks.getValue(k) instanceof JsonObject block)) {
                    return bad(bt + " must be an object");
                }
                long members = block.fieldNames().stream().filter(BLOCKS::contains).count();
                if (members != 1 || block.size() != 1) {
                    return bad(bt + ": a ContentBlock holds exactly one member");
                }
                if (block.getValue("reasoningContent") instanceof JsonObject reasoning
                        && !(reasoning.getValue("reasoningText") instanceof JsonObject reasoningText
                                && reasoningText.getValue("text") instanceof String
                                && reasoningText.getValue("signature") instanceof String)) {
                    return bad(bt + ".reasoningContent.reasoningText needs its text and signature");
                }
                if (block.getValue("text") instanceof String text && text.isBlank()) {
                    return bad(bt + ": text content blocks must be non-empty");
                }
                if (block.getValue("toolUse") instanceof JsonObject use) {
                    if (!hasToolConfig) {
                        return bad("The toolConfig field must be defined when using toolUse and toolResult content "
                                + "blocks.");
                    }
                    if (!role.equals("assistant") || !(use.getValue("toolUseId") instanceof String id)
                            || !(use.getValue("name") instanceof String name)
                            || !(use.getValue("input") instanceof JsonObject)) {
                        return bad(bt + ".toolUse needs toolUseId, name and an input object in an assistant turn");
                    }
                    if (!tools.contains(name)) {
                        return bad(bt + ".toolUse names a tool not in toolConfig: " + name);
                    }
                    uses.add(id);
                } else if (block.getValue("toolResult") instanceof JsonObject result) {
                    if (!hasToolConfig) {
                        return bad("The toolConfig field must be defined when using toolUse and toolResult content "
                                + "blocks.");
                    }
                    if (!role.equals("user") || !(result.getValue("toolUseId") instanceof String id)
                            || !(result.getValue("content") instanceof JsonArray)) {
                        return bad(bt + ".toolResult needs toolUseId and content in a user turn");
                    }
                    if (!pendingUses.contains(id)) {
                        return bad("The toolUseId " + id + " in toolResult at " + bt + " does not match a toolUse "
                                + "of the previous turn.");
                    }
                    results.add(id);
                }
            }
            if (thinking && !uses.isEmpty() && !blocks.getJsonObject(0).containsKey("reasoningContent")) {
                return bad("Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is "
                        + "enabled, a final `assistant` message must start with a thinking block.");
            }
            if (role.equals("user") && !results.containsAll(pendingUses)) {
                return bad("Expected toolResult blocks at " + at + " for the toolUse ids " + pendingUses);
            }
            pendingUses = uses;
        }
        return null;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- answers, in the documented shapes

    public static JsonObject text(String text) {
        return new JsonObject().put("text", text);
    }

    public static JsonObject reasoning(String text, String signature) {
        return new JsonObject().put("reasoningContent", new JsonObject().put("reasoningText",
                new JsonObject().put("text", text).put("signature", signature)));
    }

    public static JsonObject toolUse(String id, String name, JsonObject input) {
        return new JsonObject().put("toolUse", new JsonObject().put("toolUseId", id).put("name", name)
                .put("input", input));
    }

    public static JsonObject usage(long input, long output, long cacheRead) {
        JsonObject u = new JsonObject().put("inputTokens", input).put("outputTokens", output)
                .put("totalTokens", input + output + cacheRead);
        return cacheRead > 0 ? u.put("cacheReadInputTokens", cacheRead).put("cacheWriteInputTokens", 0) : u;
    }

    public static JsonObject converse(JsonArray content, String stopReason, JsonObject usage) {
        return new JsonObject().put("output", new JsonObject().put("message", new JsonObject()
                        .put("role", "assistant").put("content", content)))
                .put("stopReason", stopReason).put("usage", usage)
                .put("metrics", new JsonObject().put("latencyMs", 321));
    }
}
