package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTypesTest {

    @Test
    void shouldTakeLaterUsageFieldsAndKeepTheOthers() {
        Usage start = new Usage(472L, 2L, 10L, 100L);
        Usage delta = new Usage(null, 89L, null, null);
        assertThat(start.updatedBy(delta)).isEqualTo(new Usage(472L, 89L, 10L, 100L));
        assertThat(start.updatedBy(null)).isEqualTo(start);
        assertThat(start.updatedBy(delta).totalInputTokens()).isEqualTo(582L);
        assertThat(Usage.EMPTY.totalInputTokens()).isZero();
    }

    @Test
    void shouldReadStreamEventsIgnoringFieldsTheyDoNotName() throws Exception {
        StreamEvent event = AnthropicApi.MAPPER.readValue("{\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{},"
                + "\"caller\":{\"type\":\"direct\"}},\"future_field\":true}", StreamEvent.class);
        assertThat(event.type()).isEqualTo(StreamEvent.CONTENT_BLOCK_START);
        assertThat(event.index()).isEqualTo(1);
        assertThat(event.contentBlock().id()).isEqualTo("toolu_1");

        StreamEvent delta = AnthropicApi.MAPPER.readValue("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}", StreamEvent.class);
        assertThat(delta.delta().stopReason()).isEqualTo("tool_use");
        assertThat(delta.usage().outputTokens()).isEqualTo(89L);
        assertThat(delta.usage().inputTokens()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"é \\\"🌍\\n\"}}",
        "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}",
        "{\"delta\":{\"text\":\"x\",\"future\":{\"a\":[1,{}]},\"type\":\"text_delta\"},\"index\":\"3\",\"type\":\"content_block_delta\"}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}",
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}},\"extra\":[1,2]}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\","
                + "\"input\":{}}}",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        "{\"type\":\"ping\"}", "{\"type\":\"message_stop\",\"delta\":null,\"index\":null}", "{}", "null",
        "{\"type\":7,\"delta\":{\"text\":true}}", "{\"type\":\"a\",\"type\":\"b\"}"})
    void shouldReadAStreamEventAsTheMapperBindsIt(String data) throws Exception {
        assertThat(StreamEvent.read(data)).isEqualTo(AnthropicApi.MAPPER.readValue(data, StreamEvent.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "\"text\"", "{\"type\":{}}", "{\"index\":\"x\"}", "{\"delta\":[]}",
        "{\"delta\":{\"text\":[1]}}", "{\"usage\":{\"output_tokens\":\"many\"}}", "{\"type\":\"ping\"", "data: x"})
    void shouldRefuseAStreamEventTheMapperRefuses(String data) {
        assertThatThrownBy(() -> AnthropicApi.MAPPER.readValue(data, StreamEvent.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> StreamEvent.read(data)).isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"Hi é 🌍\\n\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":12,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":4,\"output_tokens\":9}}",
        "{\"id\":\"m\",\"model\":\"c\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{\"a\":[1,{\"b\":null}]},"
                + "\"caller\":{\"type\":\"direct\"}}],\"stop_reason\":\"tool_use\",\"future\":{\"x\":[]}}",
        "{\"content\":[null,{\"type\":\"tool_use\",\"input\":null},{\"type\":\"tool_use\"}],\"usage\":null}",
        "{\"id\":12,\"model\":true,\"usage\":{\"input_tokens\":\"5\",\"output_tokens\":3.0},\"content\":null}",
        "{\"model\":\"a\",\"model\":\"b\",\"content\":[],\"content\":[{\"type\":\"text\"}]}",
        "{\"id\":\"m\"} trailing", "{}", "null"})
    void shouldReadAMessageAsTheMapperBindsIt(String data) throws Exception {
        assertThat(MessageResponse.read(Buffer.buffer(data)))
                .isEqualTo(AnthropicApi.MAPPER.readValue(data, MessageResponse.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "\"text\"", "{\"content\":{}}", "{\"content\":[1]}",
        "{\"content\":[{\"text\":[1]}]}", "{\"usage\":{\"output_tokens\":\"many\"}}",
        "{\"usage\":{\"output_tokens\":99999999999999999999}}", "{\"usage\":[]}", "{\"id\":\"m\"",
        "{\"content\":[{\"input\":}]}", "{\"content\":[{}", "data: x"})
    void shouldRefuseAMessageTheMapperRefuses(String data) {
        assertThatThrownBy(() -> AnthropicApi.MAPPER.readValue(data, MessageResponse.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> MessageResponse.read(Buffer.buffer(data))).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void shouldReadAnEmptyBodyAsNoMessage() throws Exception {
        assertThat(MessageResponse.read(Buffer.buffer())).isNull();
    }
}
