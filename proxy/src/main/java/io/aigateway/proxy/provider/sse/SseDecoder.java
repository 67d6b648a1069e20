package io.aigateway.proxy.provider.sse;

import io.aigateway.proxy.buffer.BufferBytes;
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

    /** The event's first data line; {@link #data} joins the lines only once a second one comes. */
    private String firstData;
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
        return BufferBytes.read(chunk, (bytes, from, length) -> decode(bytes, from, from + length));
    }

    /** As {@link #decode(Buffer)}, for a byte array. */
    public List<SseEvent> decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** As {@link #decode(Buffer)}, for {@code bytes[from, to)}. */
    private List<SseEvent> decode(byte[] bytes, int from, int to) {
        List<SseEvent> out = null;
        int i = from;
        while (i < to) {
            byte b = bytes[i];
            if (atStart && skipBom(b)) {
                i++;
                continue;
            }
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    i++;
                    continue; // the LF of a CRLF, possibly split across chunks
                }
            }
            // the rest of the line is handled as one run of bytes, not byte by byte
            int end = lineEnd(bytes, i, to);
            count(end - i);
            if (end == to) {
                append(bytes, i, end - i);
                break;
            }
            SseEvent event;
            if (lineLength == 0) {
                event = endLine(bytes, i, end - i); // the whole line is in this chunk: read in place
            } else {
                append(bytes, i, end - i);
                event = endBufferedLine();
            }
            if (event != null) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(event);
            }
            afterCr = bytes[end] == '\r';
            i = end + 1;
        }
        return out == null ? List.of() : out;
    }

    /** The index of the first CR or LF in {@code bytes[from, to)}, or {@code to}. */
    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int k = from; k < to; k++) {
            if (bytes[k] == '\n' || bytes[k] == '\r') {
                return k;
            }
        }
        return to;
    }

    /**
     * The stream ended: an unterminated last line is taken as a line and an event that lacked only its blank line
     * is dispatched (servers that close without the final blank line are common). Resets the decoder.
     */
    public List<SseEvent> end() {
        List<SseEvent> out = new ArrayList<>(1);
        if (lineLength > 0) {
            SseEvent event = endBufferedLine();
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
        count(bomMatched);
        append(BOM, 0, bomMatched);
        bomMatched = 0;
        return false;
    }

    private void append(byte[] bytes, int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, from, line, lineLength, length);
        lineLength += length;
    }

    /** Counts bytes of the event being read against the bound. */
    private void count(int bytes) {
        eventBytes += bytes;
        if (eventBytes > maxEventBytes) {
            throw new SseException("an event of the upstream stream exceeded the gateway's limit of "
                    + limit(maxEventBytes));
        }
    }

    private static String limit(int bytes) {
        int mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " bytes";
    }

    /** Ends the line gathered in {@link #line} across chunks. */
    private SseEvent endBufferedLine() {
        int length = lineLength;
        lineLength = 0;
        byte[] bytes = line; // taken before a huge buffer is dropped below, which threw past 4 KiB
        if (line.length > 4096) {
            line = new byte[256]; // do not keep one huge event's buffer for the rest of the stream
        }
        return endLine(bytes, 0, length);
    }

    /** Ends the line {@code bytes[from, from + length)}: a field, a comment or, when empty, the event's end. */
    private SseEvent endLine(byte[] bytes, int from, int length) {
        if (length == 0) {
            return dispatch();
        }
        if (bytes[from] == ':') {
            return null;
        }
        int end = from + length;
        int colon = end;
        for (int k = from; k < end; k++) {
            if (bytes[k] == ':') {
                colon = k;
                break;
            }
        }
        // the field name is compared as bytes: no string for it, and no string for a value no field keeps
        if (named(bytes, from, colon, DATA)) {
            appendData(value(bytes, colon, end));
        } else if (named(bytes, from, colon, EVENT)) {
            eventName = value(bytes, colon, end);
        } else if (named(bytes, from, colon, ID)) {
            String value = value(bytes, colon, end);
            if (value.indexOf('\0') < 0) {
                eventId = value;
            }
        }
        // retry and unknown fields are ignored
        return null;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};

    private static boolean named(byte[] bytes, int from, int to, byte[] name) {
        return Arrays.equals(bytes, from, to, name, 0, name.length);
    }

    /** The value after the colon at {@code colon} (and one optional space); empty without a colon. */
    private static String value(byte[] bytes, int colon, int end) {
        int start = colon + 1;
        if (start < end && bytes[start] == ' ') {
            start++;
        }
        return start >= end ? "" : new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** A data line: the first is kept as it is, so the usual one-line event's data is never copied again. */
    private void appendData(String value) {
        if (!hasData) {
            firstData = value;
            hasData = true;
            return;
        }
        if (data.length() == 0) {
            data.append(firstData);
        }
        data.append('\n').append(value);
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
        String text = data.length() == 0 ? firstData : data.toString();
        SseEvent event = new SseEvent(eventName == null || eventName.isEmpty() ? null : eventName, text, lastId);
        data.setLength(0);
        firstData = null;
        if (data.capacity() > 65_536) {
            data.trimToSize();
        }
        hasData = false;
        eventName = null;
        return event;
    }
}
