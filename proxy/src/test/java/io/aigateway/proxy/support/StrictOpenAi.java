package io.aigateway.proxy.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A stand-in for {@code POST …/chat/completions} of OpenAI or an Azure OpenAI deployment that refuses, with
 * OpenAI's 400 {@code invalid_request_error}, what OpenAI refuses: a body that is not JSON, an argument it does not
 * know ("Unrecognized request argument supplied: system"), a missing model (unless Azure, whose deployment names
 * it), and messages that are not an array of messages with a known role. A valid request gets the answer the test
 * plugs in.
 */
public final class StrictOpenAi extends StrictFake<StrictOpenAi> {

    /** The top-level arguments of Chat Completions. */
    private static final Set<String> FIELDS = Set.of("model", "messages", "audio", "frequency_penalty",
            "function_call", "functions", "logit_bias", "logprobs", "max_completion_tokens", "max_tokens", "metadata",
            "modalities", "n", "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key",
            "reasoning_effort", "response_format", "safety_identifier", "seed", "service_tier", "stop", "store",
            "stream", "stream_options", "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user",
            "verbosity", "web_search_options");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final boolean azure;

    private StrictOpenAi(FakeUpstream fake, boolean azure) {
        super(fake);
        this.azure = azure;
    }

    /** OpenAI itself ({@code azure} false) or an Azure deployment, answering a valid request as {@code name}. */
    public static StrictOpenAi start(Vertx vertx, String name, boolean azure) throws Exception {
        FakeUpstream fake = FakeUpstream.start(vertx, name);
        return new StrictOpenAi(fake, azure).answer(fake.ok());
    }

    /** OpenAI's error object. */
    public record Refusal(int status, String message) implements ErrorReply {
        @Override
        public void send(HttpServerResponse resp) {
            resp.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("message", message)
                            .put("type", "invalid_request_error").putNull("param").putNull("code")).encode());
        }
    }

    @Override
    Refusal check(HttpServerRequest req, Buffer body) {
        if (!"POST".equals(req.method().name()) || !req.path().endsWith("/chat/completions")) {
            return new Refusal(404, "Invalid URL (" + req.method() + " " + req.path() + ")");
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return new Refusal(400, "We could not parse the JSON body of your request.");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return new Refusal(400, "Unrecognized request argument supplied: " + field);
            }
        }
        if (!azure && !(json.getValue("model") instanceof String)) {
            return new Refusal(400, "you must provide a model parameter");
        }
        Refusal reasoning = checkReasoning(json);
        if (reasoning != null) {
            return reasoning;
        }
        if (!(json.getValue("messages") instanceof JsonArray messages)) {
            return new Refusal(400, "Missing required parameter: 'messages'.");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.getValue(i) instanceof JsonObject m) || !ROLES.contains(m.getString("role", ""))) {
                return new Refusal(400, "Invalid value for 'messages[" + i + "].role'.");
            }
        }
        return null;
    }

    /**
     * {@code reasoning_effort} takes minimal, low, medium or high, and OpenAI's chat models without reasoning
     * ({@code gpt-4…}, {@code gpt-3.5…}) refuse it; its reasoning models ({@code o1}, {@code o3}, {@code o4-mini},
     * {@code gpt-5…}) refuse {@code max_tokens}.
     */
    private static Refusal checkReasoning(JsonObject json) {
        String model = json.getString("model", "");
        Object effort = json.getValue("reasoning_effort");
        if (effort != null && !Set.of("minimal", "low", "medium", "high").contains(effort)) {
            return new Refusal(400, "Invalid value for 'reasoning_effort'.");
        }
        if (effort != null && (model.startsWith("gpt-4") || model.startsWith("gpt-3.5"))) {
            return new Refusal(400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.");
        }
        if (json.containsKey("max_tokens") && model.matches("(o\\d|gpt-5).*")) {
            return new Refusal(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                    + "'max_completion_tokens' instead.");
        }
        return null;
    }
}
