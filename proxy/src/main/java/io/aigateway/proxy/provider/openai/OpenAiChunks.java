package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream.Chunk;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code chat.completion.chunk}s of one OpenAI stream: every chunk carries the same id, {@code created} and
 * model, and one choice (index 0) with its {@code delta}, {@code logprobs:null} and {@code finish_reason}. Callers
 * send them. A chunk's event is written as the bytes of what every chunk shares, made once per stream, around its
 * choice: only the choice is built and serialised per chunk, the whole tree only when one is asked for.
 */
public final class OpenAiChunks {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] CHOICES = ascii(",\"choices\":[");
    private static final byte[] END = ascii("]}");
    private static final byte[] END_WITH_NULL_USAGE = ascii("],\"usage\":null}");
    // The choices of the chunks every stream has (its role, its text, its finish) as the bytes before and after
    // their one string, in the order chunk(…) puts the fields in.
    private static final byte[] ROLE_BEFORE = ascii("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"");
    private static final byte[] TEXT_AFTER = ascii("\"},\"logprobs\":null,\"finish_reason\":null}");
    private static final byte[] FINISH_BEFORE = ascii("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] FINISH_AFTER = ascii("\"}");
    /** A text chunk's bytes before its text, by the delta's field ({@code content}, {@code refusal}, …): a few. */
    private static final Map<String, byte[]> TEXT_BEFORE = new ConcurrentHashMap<>();

    private final String id;
    private final long created;
    private final String model;
    private final boolean nullUsage;
    /** {@code {"id":…,"object":"chat.completion.chunk","created":…,"model":…,"choices":[}. */
    private final byte[] head;

    /**
     * @param nullUsage whether every chunk but the usage chunk carries {@code usage:null}, as OpenAI sends when the
     *                  client asked {@code stream_options.include_usage}
     */
    public OpenAiChunks(String id, long created, String model, boolean nullUsage) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.nullUsage = nullUsage;
        Buffer base = Json.append(Buffer.buffer(), base());
        // compact JSON of an object ends with its '}': the choices open in its place
        this.head = base.getBuffer(0, base.length() - 1).appendBytes(CHOICES).getBytes();
    }

    /** The first chunk: {@code delta:{role:"assistant",content:""}}. */
    public Chunk role() {
        return new QuotedChoice(ROLE_BEFORE, "", TEXT_AFTER,
                () -> chunk(NODES.objectNode().put("role", "assistant").put("content", ""), null));
    }

    /** A chunk with {@code delta:{<field>:text}} ({@code content} or {@code refusal}). */
    public Chunk text(String field, String text) {
        byte[] before = TEXT_BEFORE.computeIfAbsent(field,
                name -> ascii("{\"index\":0,\"delta\":{" + Json.write(NODES.textNode(name)) + ":\""));
        return new QuotedChoice(before, text, TEXT_AFTER, () -> chunk(NODES.objectNode().put(field, text), null));
    }

    /** The chunk that ends the choice: {@code delta:{}} and the finish reason. */
    public Chunk finish(String finishReason) {
        if (finishReason == null) {
            return chunk(NODES.objectNode(), null);
        }
        return new QuotedChoice(FINISH_BEFORE, finishReason, FINISH_AFTER,
                () -> chunk(NODES.objectNode(), finishReason));
    }

    /** A tool call's first chunk: its index, id, type and name, and empty arguments. */
    public Chunk toolCallStart(int index, String callId, String name) {
        ObjectNode call = NODES.objectNode().put("index", index).put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        return toolCall(call);
    }

    /** A chunk with a part of a tool call's arguments. */
    public Chunk toolCallArguments(int index, String arguments) {
        ObjectNode call = NODES.objectNode().put("index", index);
        call.putObject("function").put("arguments", arguments);
        return toolCall(call);
    }

    /** The usage chunk: {@code choices:[]} and the usage ({@code null} written as such). */
    public Chunk usage(JsonNode usage) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        if (usage == null) {
            chunk.putNull("usage");
        } else {
            chunk.set("usage", usage);
        }
        return Chunk.of(chunk);
    }

    private Chunk toolCall(ObjectNode call) {
        ObjectNode delta = NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    private Chunk chunk(ObjectNode delta, String finishReason) {
        ObjectNode choice = NODES.objectNode();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return new OneChoice(choice);
    }

    /** A chunk of this stream with its one choice. */
    private final class OneChoice implements Chunk {
        private final ObjectNode choice;

        OneChoice(ObjectNode choice) {
            this.choice = choice;
        }

        @Override
        public ObjectNode tree() {
            ObjectNode chunk = base();
            chunk.putArray("choices").add(choice);
            if (nullUsage) {
                chunk.putNull("usage");
            }
            return chunk;
        }

        @Override
        public void appendEvent(Buffer out) {
            appendChoiceEvent(out, data -> Json.append(data, choice));
        }
    }

    /**
     * A chunk whose choice is fixed bytes around one string (a text delta, one per token; the role; the finish
     * reason): its event is written as those bytes around the string quoted as JSON, the bytes {@link OneChoice}
     * writes, without building the choice nor a generator.
     */
    private final class QuotedChoice implements Chunk {
        private final byte[] before;
        private final String value;
        private final byte[] after;
        private final Supplier<Chunk> asTree;

        QuotedChoice(byte[] before, String value, byte[] after, Supplier<Chunk> asTree) {
            this.before = before;
            this.value = value;
            this.after = after;
            this.asTree = asTree;
        }

        @Override
        public ObjectNode tree() {
            return asTree.get().tree();
        }

        @Override
        public void appendEvent(Buffer out) {
            byte[] quoted;
            try {
                quoted = JsonStringEncoder.getInstance().quoteAsUTF8(value);
            } catch (IllegalArgumentException unpairedSurrogate) {
                asTree.get().appendEvent(out); // which writes it escaped, as it came
                return;
            }
            appendChoiceEvent(out, data -> data.appendBytes(before).appendBytes(quoted).appendBytes(after));
        }
    }

    /** Appends the data-only event of a chunk of this stream whose one choice {@code choice} writes. */
    private void appendChoiceEvent(Buffer out, Consumer<Buffer> choice) {
        SseEncoder.appendLineEvent(out, null, data -> {
            choice.accept(data.appendBytes(head));
            data.appendBytes(nullUsage ? END_WITH_NULL_USAGE : END);
        });
    }

    private ObjectNode base() {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@link #cut} as the event that ends an OpenAI client's stream. */
    public static Buffer cutEvent(String reason) {
        return SseEncoder.data(cut(reason).toString());
    }

    /** The error a stream ends with when its upstream broke off: {@code {"error":{…}}}, as OpenAI ends one. */
    public static ObjectNode cut(String reason) {
        ObjectNode out = NODES.objectNode();
        out.putObject("error").put("message", reason).put("type", "server_error").putNull("param")
                .put("code", "upstream_stream_cut");
        return out;
    }
}
