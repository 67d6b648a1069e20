package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An Anthropic client's history to an Anthropic target, where an earlier turn may have been Gemini's. */
class AnthropicToAnthropicTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Target ANTHROPIC = new Target("claude", Provider.ANTHROPIC,
            new Endpoint("https", "api.anthropic.com", 443, "/v1"), null, 1, 1, List.of(), null, Map.of(), Map.of(),
            Credentials.NONE, null, null);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sent(ObjectNode body) {
        try {
            return JSON.readTree(new AnthropicToAnthropicTranslator().request(
                    new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false), ANTHROPIC, null).body().getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldLeaveOutThinkingGeminiSignedAndKeepClaudesAsItCame() {
        ObjectNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":2048,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"","signature":"gemini:CiQBsig"},
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18°C"}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Mild.","signature":"gemini:CiIBsig"}]},
                  {"role":"user","content":"And Claude's?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"Sunny.","signature":"EqQBClaude"},
                    {"type":"text","text":"Sunny."}]},
                  {"role":"user","content":"Thanks."}]}""");
        ObjectNode untouched = body.deepCopy();

        JsonNode sent = sent(body);

        assertThat(sent.at("/messages/1/content")).isEqualTo(JSON.valueToTree(List.of(Map.of("type", "tool_use",
                "id", "call_1", "name", "get_weather", "input", Map.of("location", "Paris")))));
        assertThat(sent.get("messages")).as("a turn left empty is left out").hasSize(6);
        assertThat(sent.at("/messages/3/content").asText()).isEqualTo("And Claude's?");
        assertThat(sent.at("/messages/4")).isEqualTo(untouched.at("/messages/5"));
        assertThat(body).as("the client's request is never mutated").isEqualTo(untouched);
    }

    @Test
    void shouldSendABodyWithoutGeminisThinkingAsItCame() {
        ObjectNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":2048,"messages":[{"role":"user","content":"Hi"},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"Hi.","signature":"EqQBClaude"},
                   {"type":"text","text":"Hello"}]},{"role":"user","content":"Bye"}]}""");

        assertThat(AnthropicToAnthropicTranslator.withoutGeminiThinking(body)).isSameAs(body);
        assertThat(sent(body)).isEqualTo(body);
    }
}
