package io.aigateway.proxy.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BufferBytesTest {

    private static String text(Buffer buffer) {
        return BufferBytes.read(buffer, (bytes, from, length) -> new String(bytes, from, length,
                StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadAHeapBufferInItsOwnArray() {
        Buffer buffer = Buffer.buffer("{\"model\":\"gpt-4o\"}");
        byte[] own = buffer.getByteBuf().array();

        assertThat(text(buffer)).isEqualTo("{\"model\":\"gpt-4o\"}");
        byte[] read = BufferBytes.read(buffer, (bytes, from, length) -> bytes);
        assertThat((Object) read).isSameAs(own);
    }

    /** A slice shares its parent's array from an offset: only its own bytes are read. */
    @Test
    void shouldReadOnlyTheBytesOfASlice() {
        Buffer slice = Buffer.buffer("xx{\"a\":1}yy").slice(2, 9);

        assertThat(text(slice)).isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldCopyABufferWithoutAnArray() {
        Buffer direct = Buffer.buffer(
                Unpooled.directBuffer().writeBytes("data: x\n\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(direct.getByteBuf().hasArray()).isFalse();
        assertThat(text(direct)).isEqualTo("data: x\n\n");
    }
}
