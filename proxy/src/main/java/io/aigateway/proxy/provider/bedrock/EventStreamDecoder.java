package io.aigateway.proxy.provider.bedrock;

import io.aigateway.proxy.provider.translation.ProviderResponseException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.eventstream.Message;

/**
 * Splits an {@code application/vnd.amazon.eventstream} body into messages as bytes arrive, however the network cut
 * them. Each complete frame is decoded and checked (prelude and message CRC32, headers) by the {@code eventstream}
 * library's {@link Message#decode(ByteBuffer)}; this class only finds frame boundaries and keeps the bytes of the
 * one unfinished frame.
 *
 * <p>The library's own {@code MessageDecoder} is not used because it allocates a 2 MiB buffer per instance, and a
 * proxy holds one decoder per open stream; here the buffer grows to the largest frame seen (a few hundred bytes
 * for Converse events). Not thread-safe: one instance per stream.
 */
public final class EventStreamDecoder {

    /** Prelude (total length, headers length, prelude CRC) plus the message CRC. */
    private static final int OVERHEAD = 16;
    /** The format's limits: 128 KiB of headers and 16 MiB of payload. */
    static final int MAX_FRAME = OVERHEAD + 128 * 1024 + 16 * 1024 * 1024;

    private byte[] buf = new byte[0];
    private int len;

    /**
     * The messages this chunk completed, in order; empty when it completed none.
     *
     * @throws ProviderResponseException when a frame is malformed (bad length or checksum); the stream cannot be
     *     resynchronised after that
     */
    public List<Message> feed(byte[] chunk) {
        if (chunk.length == 0) {
            return List.of();
        }
        append(chunk);
        List<Message> out = new ArrayList<>(2);
        int start = 0;
        while (len - start >= 4) {
            int total = ((buf[start] & 0xff) << 24) | ((buf[start + 1] & 0xff) << 16) | ((buf[start + 2] & 0xff) << 8)
                    | (buf[start + 3] & 0xff);
            if (total < OVERHEAD || total > MAX_FRAME) {
                throw new ProviderResponseException("Bedrock event stream frame has an invalid length " + total);
            }
            if (len - start < total) {
                break;
            }
            try {
                out.add(Message.decode(ByteBuffer.wrap(buf, start, total)));
            } catch (RuntimeException e) {
                throw new ProviderResponseException("Bedrock event stream frame is malformed: " + e.getMessage());
            }
            start += total;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, len - start);
            len -= start;
        }
        return out;
    }

    /** Whether bytes of an unfinished frame are waiting: at the end of the body, the stream was cut. */
    public boolean hasPartialFrame() {
        return len > 0;
    }

    private void append(byte[] chunk) {
        if (len + chunk.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + chunk.length, Math.min(buf.length * 2, MAX_FRAME)));
        }
        System.arraycopy(chunk, 0, buf, len, chunk.length);
        len += chunk.length;
    }
}
