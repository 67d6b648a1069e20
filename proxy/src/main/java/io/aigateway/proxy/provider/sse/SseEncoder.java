package io.aigateway.proxy.provider.sse;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/** Writes server-sent events: {@code data: …\n\n} or {@code event: x\ndata: …\n\n}. */
public final class SseEncoder {

    private SseEncoder() {
    }

    /** A {@code data:} only event; data with line breaks becomes one {@code data:} line per line. */
    public static Buffer data(String data) {
        Buffer out = Buffer.buffer(data.length() + 8);
        appendData(out, data);
        return out.appendString("\n");
    }

    /** A named event. */
    public static Buffer event(String event, String data) {
        Buffer out = Buffer.buffer(event.length() + data.length() + 16);
        appendEvent(out, event, data);
        return out;
    }

    /** Appends a named event ({@code event} may be null for a data-only event) to {@code out}. */
    public static Buffer appendEvent(Buffer out, String event, String data) {
        appendName(out, event);
        appendData(out, data);
        return out.appendString("\n");
    }

    /**
     * Appends a named event ({@code event} may be null) whose data is one line that {@code line} writes straight
     * into {@code out}, with no string in between; the line must hold no CR or LF (compact JSON, which escapes
     * them inside strings, never does).
     */
    public static Buffer appendLineEvent(Buffer out, String event, Consumer<Buffer> line) {
        appendName(out, event);
        out.appendBytes(DATA);
        line.accept(out);
        return out.appendBytes(END);
    }

    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't', ':', ' '};
    private static final byte[] DATA = {'d', 'a', 't', 'a', ':', ' '};
    private static final byte[] END = {'\n', '\n'};

    private static void appendName(Buffer out, String event) {
        if (event != null) {
            if (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an SSE event name cannot hold a line break");
            }
            out.appendBytes(EVENT).appendString(event).appendByte((byte) '\n');
        }
    }

    private static void appendData(Buffer out, String data) {
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                out.appendString("data: ").appendString(data.substring(start, i)).appendString("\n");
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.appendString("data: ").appendString(data.substring(start)).appendString("\n");
    }
}
