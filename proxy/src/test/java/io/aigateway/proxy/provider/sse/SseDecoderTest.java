package io.aigateway.proxy.provider.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseDecoderTest {

    private static final String TRANSCRIPT = "event: message_start\n"
            + "data: {\"type\":\"message_start\"}\n"
            + "\n"
            + ": a comment\r\n"
            + "event: content_block_delta\r\n"
            + "data: {\"text\":\"héllo → 世界 🌍\"}\r\n"
            + "\r\n"
            + "data: first\r"
            + "data:second\r"
            + "data\r"
            + "id: 7\r"
            + "retry: 100\r"
            + "\r"
            + "event: only-a-name\n"
            + "\n"
            + "data: [DONE]\n\n";

    private static final List<SseEvent> EXPECTED = List.of(
            new SseEvent("message_start", "{\"type\":\"message_start\"}", null),
            new SseEvent("content_block_delta", "{\"text\":\"héllo → 世界 🌍\"}", null),
            new SseEvent(null, "first\nsecond\n", "7"),
            new SseEvent(null, "[DONE]", "7"));

    @Test
    void shouldDecodeWholeTranscriptInOneChunk() {
        SseDecoder decoder = new SseDecoder();
        List<SseEvent> events = new ArrayList<>(decoder.decode(bytes(TRANSCRIPT)));
        events.addAll(decoder.end());
        assertThat(events).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void shouldDecodeTheSameEventsWhateverTheSplitIntoTwo() {
        byte[] all = bytes(TRANSCRIPT);
        for (int cut = 0; cut <= all.length; cut++) {
            SseDecoder decoder = new SseDecoder();
            List<SseEvent> events = new ArrayList<>(decoder.decode(slice(all, 0, cut)));
            events.addAll(decoder.decode(slice(all, cut, all.length)));
            events.addAll(decoder.end());
            assertThat(events).as("split at byte %d", cut).containsExactlyElementsOf(EXPECTED);
        }
    }

    @Test
    void shouldDecodeTheSameEventsFedOneByteAtATime() {
        byte[] all = bytes(TRANSCRIPT);
        SseDecoder decoder = new SseDecoder();
        List<SseEvent> events = new ArrayList<>();
        for (byte b : all) {
            events.addAll(decoder.decode(new byte[] {b}));
        }
        events.addAll(decoder.end());
        assertThat(events).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void shouldDecodeTheSameEventsForRandomSplits() {
        byte[] all = bytes(TRANSCRIPT);
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            SseDecoder decoder = new SseDecoder();
            List<SseEvent> events = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int next = Math.min(all.length, at + random.nextInt(12));
                events.addAll(decoder.decode(Buffer.buffer(slice(all, at, next))));
                at = next;
            }
            events.addAll(decoder.end());
            assertThat(events).as("round %d", round).containsExactlyElementsOf(EXPECTED);
        }
    }

    @ParameterizedTest(name = "a data line of {0} bytes")
    @ValueSource(ints = {3, 4095, 4096, 4097, 8192})
    void shouldDecodeALongLineWhateverTheSplitIntoTwo(int length) {
        String value = value(length);
        byte[] all = bytes("data: " + value + "\n\ndata: next\n\n");
        for (int cut = 0; cut <= all.length; cut++) {
            SseDecoder decoder = new SseDecoder();
            List<SseEvent> events = new ArrayList<>(decoder.decode(slice(all, 0, cut)));
            events.addAll(decoder.decode(slice(all, cut, all.length)));
            events.addAll(decoder.end());
            assertThat(events).as("split at byte %d", cut).containsExactly(SseEvent.data(value), SseEvent.data("next"));
        }
    }

    @ParameterizedTest(name = "a data line of {0} bytes")
    @ValueSource(ints = {4097, 100 * 1024, 1024 * 1024, SseDecoder.MAX_EVENT_BYTES - 64})
    void shouldDecodeALongLineForRandomSplits(int length) {
        String value = value(length);
        byte[] all = bytes("event: response.completed\ndata: " + value + "\r\n\r\ndata: next\n\n");
        Random random = new Random(length);
        for (int round = 0; round < 5; round++) {
            SseDecoder decoder = new SseDecoder();
            List<SseEvent> events = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int next = Math.min(all.length, at + 1 + random.nextInt(length / 3 + 8));
                events.addAll(decoder.decode(slice(all, at, next)));
                at = next;
            }
            events.addAll(decoder.end());
            assertThat(events).as("round %d", round)
                    .containsExactly(new SseEvent("response.completed", value, null), SseEvent.data("next"));
        }
    }

    @Test
    void shouldRefuseAnEventPastTheLimitNamingIt() {
        SseDecoder decoder = new SseDecoder();
        byte[] huge = bytes("data: " + value(SseDecoder.MAX_EVENT_BYTES));
        assertThatThrownBy(() -> decoder.decode(huge))
                .isInstanceOf(SseException.class)
                .hasMessageContaining("8 MiB");
    }

    /** {@code length} bytes of UTF-8 text with two- and four-byte sequences that splits may cut. */
    private static String value(int length) {
        StringBuilder out = new StringBuilder(length);
        int bytes = 0;
        while (bytes < length) {
            int left = length - bytes;
            if (left >= 4 && bytes % 40 == 0) {
                out.append("🌍");
                bytes += 4;
            } else if (left >= 2 && bytes % 7 == 0) {
                out.append('é');
                bytes += 2;
            } else {
                out.append((char) ('a' + bytes % 26));
                bytes++;
            }
        }
        return out.toString();
    }

    @Test
    void shouldReturnEventsAsSoonAsTheirBlankLineArrives() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.decode(bytes("data: a\n"))).isEmpty();
        assertThat(decoder.decode(bytes("\ndata: b"))).containsExactly(SseEvent.data("a"));
        assertThat(decoder.decode(bytes("\n"))).isEmpty();
        assertThat(decoder.decode(bytes("\n"))).containsExactly(SseEvent.data("b"));
    }

    @Test
    void shouldDispatchAnEventThatOnlyLacksItsBlankLineAtTheEnd() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.decode(bytes("data: a\n\ndata: b"))).containsExactly(SseEvent.data("a"));
        assertThat(decoder.end()).containsExactly(SseEvent.data("b"));
    }

    @Test
    void shouldSkipALeadingByteOrderMarkOnly() {
        SseDecoder decoder = new SseDecoder();
        byte[] withBom = bytes("\uFEFFdata: x\n\n");
        assertThat(decoder.decode(slice(withBom, 0, 2))).isEmpty();
        assertThat(decoder.decode(slice(withBom, 2, withBom.length))).containsExactly(SseEvent.data("x"));
        assertThat(decoder.decode(bytes("data: \uFEFFy\n\n"))).containsExactly(SseEvent.data("\uFEFFy"));
    }

    @Test
    void shouldIgnoreFieldsThatOnlyStartOrEndLikeKnownOnes() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.decode(bytes("dat: a\ndatas: b\nxdata: c\nevents: d\nevent\nids: 1\ni: 2\n"
                + "Data: e\ndata: kept\n\n"))).containsExactly(SseEvent.data("kept"));
    }

    @Test
    void shouldCountAnEventsLinesTogetherAgainstTheBound() {
        SseDecoder decoder = new SseDecoder(16);
        assertThat(decoder.decode(bytes("data: 0123\ndata:5\n\n"))).containsExactly(SseEvent.data("0123\n5"));
        assertThatThrownBy(() -> decoder.decode(bytes("data: 0123\ndata: 4567\n: 89\n")))
                .isInstanceOf(SseException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void shouldReadOnlyTheBytesOfASlicedOrDirectBuffer() {
        Buffer whole = Buffer.buffer("data: before\n\ndata: a\ndata: b\n\ndata: after\n\n");
        int from = "data: before\n\n".length();
        Buffer slice = whole.slice(from, whole.length() - "data: after\n\n".length());
        assertThat(new SseDecoder().decode(slice)).containsExactly(SseEvent.data("a\nb"));

        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes("data: d\n\n"));
        assertThat(new SseDecoder().decode(Buffer.buffer(direct))).containsExactly(SseEvent.data("d"));
    }

    @Test
    void shouldKeepOnlyOneSpaceAfterTheColon() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.decode(bytes("data:  two spaces\ndata:none\n\n")))
                .containsExactly(SseEvent.data(" two spaces\nnone"));
    }

    @Test
    void shouldRefuseAnEventLargerThanTheBound() {
        SseDecoder decoder = new SseDecoder(16);
        assertThat(decoder.decode(bytes("data: 0123456\n\n"))).containsExactly(SseEvent.data("0123456"));
        assertThatThrownBy(() -> decoder.decode(bytes("data: 0123456789abcdef")))
                .isInstanceOf(SseException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void shouldRoundTripWhatTheEncoderWrites() {
        Buffer encoded = Buffer.buffer()
                .appendBuffer(SseEncoder.data("{\"a\":1}"))
                .appendBuffer(SseEncoder.event("message_stop", "line one\nline two\r\nline three"))
                .appendBuffer(SseEncoder.data("[DONE]"));
        assertThat(encoded.toString()).isEqualTo("data: {\"a\":1}\n\n"
                + "event: message_stop\ndata: line one\ndata: line two\ndata: line three\n\n"
                + "data: [DONE]\n\n");
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.decode(encoded)).containsExactly(
                SseEvent.data("{\"a\":1}"),
                new SseEvent("message_stop", "line one\nline two\nline three", null),
                SseEvent.data("[DONE]"));
    }

    @Test
    void shouldRefuseALineBreakInAnEventName() {
        assertThatThrownBy(() -> SseEncoder.event("a\nb", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] all, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(all, from, out, 0, out.length);
        return out;
    }
}
