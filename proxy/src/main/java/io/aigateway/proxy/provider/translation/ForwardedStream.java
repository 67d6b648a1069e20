package io.aigateway.proxy.provider.translation;

import io.vertx.core.buffer.Buffer;
import java.util.function.Function;

/**
 * A stream already in the client's API, passed on chunk by chunk. When the upstream breaks off, the client's stream
 * ends with {@code errorEvent}; a cut inside an event first ends that event (its data is then unreadable, and the
 * client fails on it too), so that the error event is read as one.
 */
public final class ForwardedStream implements StreamTranslator {

    private static final Buffer END_OF_EVENT = Buffer.buffer("\n\n");

    private final Function<String, Buffer> errorEvent;
    /** The last two bytes passed on; a blank line ({@code \n\n}, also ending {@code \r\n\r\n}) ends an event. */
    private byte secondLast = '\n';
    private byte last = '\n';

    /** @param errorEvent the client API's error event, from the reason the stream was cut */
    public ForwardedStream(Function<String, Buffer> errorEvent) {
        this.errorEvent = errorEvent;
    }

    @Override
    public Buffer onData(Buffer chunk) {
        int length = chunk.length();
        if (length >= 2) {
            secondLast = chunk.getByte(length - 2);
            last = chunk.getByte(length - 1);
        } else if (length == 1) {
            secondLast = last;
            last = chunk.getByte(0);
        }
        return chunk;
    }

    @Override
    public Buffer onEnd() {
        return Buffer.buffer();
    }

    @Override
    public Buffer cut(String reason) {
        Buffer error = errorEvent.apply(reason);
        return secondLast == '\n' && last == '\n' ? error : END_OF_EVENT.copy().appendBuffer(error);
    }
}
