package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
