package io.aigateway.proxy.provider.gemini;

import io.aigateway.proxy.provider.ProviderResponseException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental decoder of {@code text/event-stream} for {@code streamGenerateContent?alt=sse}: bytes in as the
 * network split them, the {@code data} of each complete event out. Lines are split on bytes, so a UTF-8 character
 * or a CRLF split across chunks is safe. Holds at most one unfinished event. Only {@code data} matters to Gemini;
 * other fields and comments are ignored.
 *
 * <p>Private to the Gemini translator until the generic decoder in {@code provider.sse} lands; then this goes.
 */
public final class GeminiSseDecoder {

    /** The largest event accepted; a bigger one is not a Gemini answer. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean skipLf;
    private boolean firstLine = true;
    private long eventBytes;

    /** The data of every event this chunk completed, in order; empty when it completed none. */
    public List<String> feed(Buffer chunk) {
        List<String> events = new ArrayList<>(1);
        byte[] bytes = chunk.getBytes();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    start = i + 1;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                append(bytes, start, i - start);
                endLine(events);
                skipLf = b == '\r';
                start = i + 1;
            }
        }
        append(bytes, start, bytes.length - start);
        return events;
    }

    /** The stream ended: the data of an event left without its blank line, if any. */
    public List<String> end() {
        List<String> events = new ArrayList<>(1);
        if (line.size() > 0) {
            endLine(events);
        }
        if (hasData) {
            events.add(data.toString());
        }
        data.setLength(0);
        hasData = false;
        return events;
    }

    private void append(byte[] bytes, int from, int length) {
        if (length <= 0) {
            return;
        }
        eventBytes += length;
        if (eventBytes > MAX_EVENT_BYTES) {
            throw new ProviderResponseException("a streamed event exceeds " + MAX_EVENT_BYTES + " bytes");
        }
        line.write(bytes, from, length);
    }

    private void endLine(List<String> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            if (hasData) {
                events.add(data.toString());
            }
            data.setLength(0);
            hasData = false;
            eventBytes = 0;
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        if (!"data".equals(field)) {
            return;
        }
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
    }
}
