package io.aigateway.proxy.buffer;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * A Vert.x buffer's bytes read where they lie. The buffers the proxy reads (bodies and chunks from Vert.x's HTTP
 * server and client, buffers it built) are backed by a heap array, so the scanners and parsers read that array
 * instead of a copy of it; any other buffer is copied out once.
 */
public final class BufferBytes {

    private BufferBytes() {
    }

    /** What reads {@code bytes[from, from + length)}; it must not keep the array. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(byte[] bytes, int from, int length);
    }

    public static <T> T read(Buffer buffer, Reader<T> reader) {
        ByteBuf bytes = buffer.getByteBuf(); // a slice: the buffer's own memory, not a copy
        if (bytes.hasArray()) {
            return reader.read(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        byte[] copy = buffer.getBytes();
        return reader.read(copy, 0, copy.length);
    }
}
