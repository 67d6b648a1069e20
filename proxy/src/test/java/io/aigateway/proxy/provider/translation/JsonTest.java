package io.aigateway.proxy.provider.translation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.sse.SseDecoder;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Text that meets every escaping rule: line breaks, quotes, control characters, non-ASCII, surrogate pairs. */
    private static final String TEXT = "line\nbreak\r\nand\rcr \u2028\u2029 \"quoted\" back\\slash / tab\t"
            + "ctl\u0001\u001f del\u007f é « » ☃️ 世界 🌍 👩‍👩‍👧 \uD83D\uDE00";

    @ParameterizedTest
    @ValueSource(strings = {"", "content_block_delta"})
    void shouldWriteAnEventWithTheBytesOfTheEncodedString(String name) {
        String event = name.isEmpty() ? null : name;
        ObjectNode chunk = chunk(TEXT);

        Buffer streamed = Json.appendSse(Buffer.buffer("before\n\n"), event, chunk);

        Buffer encoded = SseEncoder.appendEvent(Buffer.buffer("before\n\n"), event, Json.write(chunk));
        assertThat(streamed.getBytes()).isEqualTo(encoded.getBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", TEXT})
    void shouldWriteABodyWithTheBytesOfTheEncodedString(String text) {
        ObjectNode body = chunk(text);

        assertThat(Json.buffer(body).getBytes()).isEqualTo(Buffer.buffer(Json.write(body)).getBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "lone \uD83D high", "lone \uDE00 low", "reversed \uDE00\uD83D pair"})
    void shouldWriteAnUnpairedSurrogateEscapedAsItCame(String text) throws Exception {
        Buffer streamed = Json.appendSse(Buffer.buffer(), null, chunk(text));

        List<SseEvent> events = new SseDecoder().decode(streamed);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data()).doesNotContain("?").contains("\\u");
        assertThat(JSON.readTree(events.get(0).data()).at("/choices/0/delta/content").asText()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "line\nbreak\r\n", TEXT})
    void shouldDecodeToTheSameTree(String text) throws Exception {
        ObjectNode chunk = chunk(text);

        List<SseEvent> events = new SseDecoder().decode(Json.appendSse(Buffer.buffer(), "delta", chunk));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).event()).isEqualTo("delta");
        JsonNode decoded = JSON.readTree(events.get(0).data());
        assertThat(decoded).isEqualTo(chunk);
    }

    private static ObjectNode chunk(String text) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk");
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", text);
        return chunk;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "[1,{\"usage\":{}}]", "\"s\"", "{\"usage\":{\"n\":[1,{}]}}"})
    void shouldFindAWellFormedBodyWellFormedWhileHandingObjectsOver(String body) {
        assertThat(Json.wellFormed(Buffer.buffer(body))).isTrue();
        assertThat(Json.wellFormed(Buffer.buffer(body), "usage", p -> p.skipChildren())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"a\":1} x", "{\"usage\":{\"a\":1}", "{\"a\":", "{\"usage\":{\"x\":[}}",
        "{\"usage\":{}}}"})
    void shouldFindAMalformedBodyMalformedWhileHandingObjectsOver(String body) {
        assertThat(Json.wellFormed(Buffer.buffer(body))).isFalse();
        assertThat(Json.wellFormed(Buffer.buffer(body), "usage", p -> p.skipChildren())).isFalse();
    }

    @Test
    void shouldHandOverEachObjectUnderTheFieldAtAnyDepthButTheRoot() {
        ObjectMapper mapper = new ObjectMapper();
        List<String> handed = new ArrayList<>();
        String body = "{\"usage\":{\"a\":1},\"choices\":[{\"usage\":{\"b\":2}},{\"usage\":3}],"
                + "\"x\":{\"y\":{\"usage\":{\"c\":{\"usage\":{\"d\":4}}}}},\"usage2\":{}}";

        boolean wellFormed = Json.wellFormed(Buffer.buffer(body), "usage",
                p -> handed.add(mapper.readTree(p).toString()));

        assertThat(wellFormed).isTrue();
        assertThat(handed).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":{\"usage\":{\"d\":4}}}");
    }
}
