package io.aigateway.proxy.provider.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental decoder of a {@code text/event-stream}, following the WHATWG event-stream interpretation: feed it
 * bytes split anywhere (inside a line, inside a CRLF, inside a UTF-8 sequence) and it returns the events those
 * bytes completed.
 *
 * <ul>
 *   <li>Lines end with LF, CRLF or CR; a blank line dispatches the event being built.</li>
 *   <li>{@code field: value} with one optional space after the colon; a line without a colon is a field with an
 *       empty value; lines starting with {@code :} are comments.</li>
 *   <li>{@code data} lines are joined with {@code \n}; {@code event} and {@code id} are kept; {@code retry} and
 *       unknown fields are ignored. An event without any {@code data} line is not dispatched.</li>
 *   <li>A leading UTF-8 byte-order mark is skipped.</li>
 * </ul>
 *
 * It holds at most one unfinished event, bounded by {@code maxEventBytes}. Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {

    /**
     * The bound used by {@link #SseDecoder()}: 8 MiB for one event, far above any provider's (the Responses API's
     * largest repeat the whole answer, a few hundred KiB at most) and small enough that a runaway stream cannot
     * exhaust the heap.
     */
    public static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean atStart = true;
    private int bomMatched;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventName;
    private String lastId;
    private String eventId;
    private long eventBytes;

    public SseDecoder() {
        this(MAX_EVENT_BYTES);
    }

    public SseDecoder(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The events this chunk completed, in order; empty when it completed none.
     *
     * @throws SseException when one event grows beyond the decoder's bound
     */
    public List<SseEvent> decode(Buffer chunk) {
        return decode(chunk.getBytes());
    }

    /** As {@link #decode(Buffer)}, for a byte array. */
    public List<SseEvent> decode(byte[] bytes) {
        List<SseEvent> out = null;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (atStart) {
                if (skipBom(b)) {
                    continue;
                }
            }
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF, possibly split across chunks
                }
            }
            if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                SseEvent event = endLine();
                if (event != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(event);
                }
            } else {
                append(b);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * The stream ended: an unterminated last line is taken as a line and an event that lacked only its blank line
     * is dispatched (servers that close without the final blank line are common). Resets the decoder.
     */
    public List<SseEvent> end() {
        List<SseEvent> out = new ArrayList<>(1);
        if (lineLength > 0) {
            SseEvent event = endLine();
            if (event != null) {
                out.add(event);
            }
        }
        SseEvent pending = dispatch();
        if (pending != null) {
            out.add(pending);
        }
        afterCr = false;
        atStart = true;
        bomMatched = 0;
        return out;
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** True when {@code b} was consumed as part of a leading byte-order mark. */
    private boolean skipBom(byte b) {
        if (b == BOM[bomMatched]) {
            bomMatched++;
            if (bomMatched == BOM.length) {
                atStart = false;
            }
            return true;
        }
        atStart = false;
        // a partial match that was not a BOM after all: those bytes were content
        for (int k = 0; k < bomMatched; k++) {
            append(BOM[k]);
        }
        bomMatched = 0;
        return false;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
        if (++eventBytes > maxEventBytes) {
            throw new SseException("an event of the upstream stream exceeded the gateway's limit of "
                    + limit(maxEventBytes));
        }
    }

    private static String limit(int bytes) {
        int mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " bytes";
    }

    private SseEvent endLine() {
        int length = lineLength;
        lineLength = 0;
        byte[] bytes = line; // taken before a huge buffer is dropped below, which threw past 4 KiB
        if (line.length > 4096) {
            line = new byte[256]; // do not keep one huge event's buffer for the rest of the stream
        }
        if (length == 0) {
            return dispatch();
        }
        if (bytes[0] == ':') {
            return null;
        }
        int colon = -1;
        for (int k = 0; k < length; k++) {
            if (bytes[k] == ':') {
                colon = k;
                break;
            }
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(bytes, 0, length, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(bytes, 0, colon, StandardCharsets.UTF_8);
            int start = colon + 1;
            if (start < length && bytes[start] == ' ') {
                start++;
            }
            value = new String(bytes, start, length - start, StandardCharsets.UTF_8);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    eventId = value;
                }
            }
            default -> {
                // retry and unknown fields are ignored
            }
        }
        return null;
    }

    private SseEvent dispatch() {
        eventBytes = 0;
        if (eventId != null) {
            lastId = eventId;
            eventId = null;
        }
        if (!hasData) {
            eventName = null;
            return null;
        }
        SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? null : eventName, data.toString(),
                lastId);
        data.setLength(0);
        if (data.capacity() > 65_536) {
            data.trimToSize();
        }
        hasData = false;
        eventName = null;
        return event;
    }
}
