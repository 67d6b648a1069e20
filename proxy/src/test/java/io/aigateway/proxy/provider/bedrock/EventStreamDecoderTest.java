package io.aigateway.proxy.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.proxy.provider.translation.ProviderResponseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

class EventStreamDecoderTest {

    private static final byte[] FIRST = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
    private static final byte[] SECOND =
            EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}");
    private static final byte[] BODY = EventStreamFrames.concat(List.of(FIRST, SECOND));

    @Test
    void shouldDecodeSeveralFramesInOneChunk() {
        EventStreamDecoder decoder = new EventStreamDecoder();
        List<Message> messages = decoder.feed(BODY);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getHeaders().get(":event-type").getString()).isEqualTo("messageStart");
        assertThat(new String(messages.get(1).getPayload(), StandardCharsets.UTF_8)).contains("\"Hi\"");
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    void shouldDecodeTheSameFramesWhateverTheCutPoint() {
        for (int cut = 1; cut < BODY.length; cut++) {
            EventStreamDecoder decoder = new EventStreamDecoder();
            List<Message> messages = new ArrayList<>();
            for (byte[] chunk : EventStreamFrames.split(BODY, cut)) {
                messages.addAll(decoder.feed(chunk));
            }
            assertThat(messages).as("cut at %d", cut).hasSize(2);
            assertThat(EventStreamFrames.encode(messages.get(0))).isEqualTo(FIRST);
            assertThat(EventStreamFrames.encode(messages.get(1))).isEqualTo(SECOND);
        }
    }

    @Test
    void shouldHoldAnUnfinishedFrameUntilItCompletes() {
        EventStreamDecoder decoder = new EventStreamDecoder();
        assertThat(decoder.feed(java.util.Arrays.copyOf(FIRST, 3))).isEmpty();
        assertThat(decoder.hasPartialFrame()).isTrue();
        assertThat(decoder.feed(java.util.Arrays.copyOfRange(FIRST, 3, FIRST.length - 1))).isEmpty();
        assertThat(decoder.feed(new byte[] {FIRST[FIRST.length - 1]})).hasSize(1);
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    void shouldRejectAFrameWhoseChecksumFails() {
        byte[] corrupt = FIRST.clone();
        corrupt[corrupt.length - 6] ^= 0x01; // a payload byte: the message CRC no longer matches
        assertThatThrownBy(() -> new EventStreamDecoder().feed(corrupt))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void shouldRejectAnImpossibleLength() {
        byte[] bogus = {0x7f, 0x00, 0x00, 0x00, 0, 0, 0, 0};
        assertThatThrownBy(() -> new EventStreamDecoder().feed(bogus))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageContaining("invalid length");
    }
}
