package io.aigateway.proxy.provider.translation;

import io.aigateway.proxy.provider.sse.SseDecoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.sse.SseException;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A stream translator for an upstream that sends server-sent events and ends a failed stream with an error event:
 * events are translated one by one until the translator closes the stream (terminated or failed), after which
 * upstream bytes are ignored. An upstream that ends, or is cut, before the translator closed the stream gets the
 * client's error event: only the upstream's own last event finishes the client's stream.
 */
public abstract class SseStreamTranslator implements StreamTranslator {

    private final SseDecoder decoder = new SseDecoder();
    /** Done (terminated or failed): later upstream bytes are ignored. */
    protected boolean closed;

    /** Appends the client events for one upstream event to {@code out}. */
    protected abstract void translate(SseEvent event, Buffer out);

    /** The client's error event; closes the stream. */
    protected abstract Buffer failed(String message);

    @Override
    public final Buffer onData(Buffer chunk) {
        if (closed) {
            return Buffer.buffer();
        }
        List<SseEvent> events;
        try {
            events = decoder.decode(chunk);
        } catch (SseException e) {
            return failed("the upstream stream could not be read: " + e.getMessage());
        }
        return translate(events, StreamTranslator.eventsFor(chunk));
    }

    @Override
    public final Buffer onEnd() {
        if (closed) {
            return Buffer.buffer();
        }
        Buffer out = translate(decoder.end(), Buffer.buffer());
        if (closed) {
            return out;
        }
        return out.appendBuffer(failed("the upstream stream ended before the answer was complete"));
    }

    @Override
    public final Buffer cut(String reason) {
        return closed ? Buffer.buffer() : failed(reason);
    }

    private Buffer translate(List<SseEvent> events, Buffer out) {
        for (SseEvent event : events) {
            if (closed) {
                break;
            }
            translate(event, out);
        }
        return out;
    }
}
