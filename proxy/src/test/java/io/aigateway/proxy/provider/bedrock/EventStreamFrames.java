package io.aigateway.proxy.provider.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/** Builds ConverseStream bodies with the {@code eventstream} library's encoder, and cuts them into chunks. */
public final class EventStreamFrames {

    private EventStreamFrames() {
    }

    public static byte[] event(String eventType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] exception(String exceptionType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return encode(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] encode(Message message) {
        ByteBuffer b = message.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Cuts {@code body} at the given offsets (ascending, inside the body). */
    public static List<byte[]> split(byte[] body, int... cuts) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(java.util.Arrays.copyOfRange(body, from, cut));
            from = cut;
        }
        out.add(java.util.Arrays.copyOfRange(body, from, body.length));
        return out;
    }

    /** Random cuts from a fixed seed: chunks of 1 to {@code maxChunk} bytes. */
    public static List<byte[]> randomSplit(byte[] body, long seed, int maxChunk) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (from < body.length) {
            int to = Math.min(body.length, from + 1 + random.nextInt(maxChunk));
            out.add(java.util.Arrays.copyOfRange(body, from, to));
            from = to;
        }
        return out;
    }
}
