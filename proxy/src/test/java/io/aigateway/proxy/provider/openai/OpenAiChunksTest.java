package io.aigateway.proxy.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream.Chunk;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiChunksTest {

    /** An id and a model that need escaping and UTF-8, as every chunk's shared part is written once per stream. */
    private static final String ID = "msg_\"quoted\" \\ é 🌍";
    private static final String MODEL = "model\n世界 \uD83D\uDE00";

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldWriteEachChunkAsTheEventOfItsWholeTree(boolean nullUsage) {
        OpenAiChunks chunks = new OpenAiChunks(ID, 1_700_000_000L, MODEL, nullUsage);
        List<Chunk> all = List.of(chunks.role(), chunks.text("content", "line\nbreak \"q\" 👩‍👩‍👧"),
                // escapes, a line separator, and unpaired surrogates, which a text chunk leaves to the tree's writer
                chunks.text("content", "\u0000\u001f\t\\/ \u2028 \u007f"), chunks.text("refusal", ""),
                chunks.text("content", "lone \uD800 high"), chunks.text("content", "lone low \uDC00, end \uD83D"),
                chunks.toolCallStart(1, "call_1", "get_weather"), chunks.toolCallArguments(1, "{\"city\":\"Pa"),
                chunks.finish("tool_calls"), chunks.finish("an \"unusual\" reason é"), chunks.finish(null),
                chunks.text("reasoning_content", "thinking"),
                chunks.usage(JsonNodeFactory.instance.objectNode().put("total_tokens", 3)), chunks.usage(null));

        for (Chunk chunk : all) {
            Buffer written = Buffer.buffer("before\n\n");
            chunk.appendEvent(written);

            Buffer ofTree = Json.appendSse(Buffer.buffer("before\n\n"), null, chunk.tree());
            assertThat(written.toString()).isEqualTo(ofTree.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldGiveTheChunkShapeOpenAiSends(boolean nullUsage) {
        OpenAiChunks chunks = new OpenAiChunks("chatcmpl-1", 1_700_000_000L, "gpt-4o", nullUsage);

        assertThat(Json.write(chunks.text("content", "Hi").tree())).isEqualTo(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                        + "\"logprobs\":null,\"finish_reason\":null}]" + (nullUsage ? ",\"usage\":null}" : "}"));
    }
}
