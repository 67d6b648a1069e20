package io.aigateway.proxy.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.gemini.OpenAiToGeminiTranslator.Candidates;
import io.aigateway.proxy.provider.gemini.OpenAiToGeminiTranslator.Parts;
import io.aigateway.proxy.provider.openai.OpenAiChunks;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.sse.SseDecoder;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.sse.SseException;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} events, each a partial GenerateContentResponse, to OpenAI
 * {@code chat.completion.chunk} events as each arrives: the role on a choice's first chunk, text deltas, each
 * function call as one tool call delta with its id, name and whole arguments (Gemini sends calls whole), one
 * {@code reasoning_signature} delta with Gemini's signature (that of the first signed call, just before it; else the
 * last on another part, just before the finish reason: the same one a whole answer keeps), the finish reason, then
 * at the end, when the client asked {@code stream_options.include_usage}, one usage chunk (from the last
 * {@code usageMetadata} seen; every other chunk then carries {@code usage:null}, as OpenAI does), and
 * {@code data: [DONE]}. A Gemini error event becomes an OpenAI error event, and so does a stream that ends or is cut
 * before every candidate's finish reason: nothing then looks finished.
 */
final class OpenAiToGeminiStreamTranslator implements OpenAiChunkStream {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final OpenAiToGeminiTranslator ids;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final SseDecoder decoder = new SseDecoder();
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private JsonNode usage;
    private String model;
    private boolean sawEvent;
    private boolean failed;
    private ChunkSink chunks = WRITE;
    /** The answer's usage (from the last {@code usageMetadata}), once the stream ended whole. */
    private JsonNode completeUsage;

    /** What one choice has sent so far. */
    private static final class Choice {
        boolean finished;
        int toolCalls;
        /** Whether the choice's signature was sent. */
        boolean signed;
        /** The last signature on a part other than a call, sent at the finish unless a call's was sent. */
        String pendingSignature;
    }

    OpenAiToGeminiStreamTranslator(OpenAiToGeminiTranslator ids, String id, long created, boolean includeUsage) {
        this.ids = ids;
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public Buffer onData(Buffer chunk) {
        Buffer out = StreamTranslator.eventsFor(chunk);
        for (SseEvent event : decode(() -> decoder.decode(chunk))) {
            event(event.data(), out);
        }
        return out;
    }

    @Override
    public Buffer onEnd() {
        Buffer out = Buffer.buffer();
        for (SseEvent event : decode(decoder::end)) {
            event(event.data(), out);
        }
        if (!sawEvent) {
            throw new ProviderResponseException("Gemini's stream ended before its first event");
        }
        if (failed) {
            return out;
        }
        // Gemini's last event is the one with each candidate's finish reason: without it the stream was cut.
        if (choices.isEmpty() || choices.values().stream().anyMatch(c -> !c.finished)) {
            throw new ProviderResponseException("Gemini's stream ended before its finish reason");
        }
        completeUsage = usage == null ? null : OpenAiToGeminiTranslator.usage(usage);
        if (includeUsage) {
            ObjectNode chunk = chunk();
            chunk.set("usage", completeUsage);
            write(out, chunk);
        }
        out.appendBuffer(DONE);
        return out;
    }

    @Override
    public Supplier<JsonNode> reportedUsage() {
        return () -> completeUsage;
    }

    @Override
    public Buffer cut(String reason) {
        if (failed) {
            return Buffer.buffer();
        }
        failed = true;
        return SseEncoder.data(GeminiJson.string(OpenAiChunks.cut(reason)));
    }

    private static List<SseEvent> decode(java.util.function.Supplier<List<SseEvent>> decoding) {
        try {
            return decoding.get();
        } catch (SseException e) {
            throw new ProviderResponseException("Gemini's event stream cannot be read: " + e.getMessage(), e);
        }
    }

    private void event(String data, Buffer out) {
        if (failed || data.isBlank()) {
            return;
        }
        JsonNode event = GeminiJson.readOrNull(data);
        if (event == null || !event.isObject()) {
            throw new ProviderResponseException("a Gemini stream event is not a JSON object");
        }
        sawEvent = true;
        if (model == null) {
            model = ids.modelFor(event);
        }
        if (event.has("error")) {
            failed = true;
            ClientError error = ids.error(event.path("error").path("code").asInt(500), Buffer.buffer(data));
            out.appendBuffer(SseEncoder.data(error.body().toString()));
            return;
        }
        JsonNode metadata = event.get("usageMetadata");
        if (metadata != null && metadata.isObject()) {
            usage = metadata;
        }
        Candidates candidates = Candidates.of(event);
        if (candidates.blocked() && choices.isEmpty()) {
            Choice choice = start(out, 0);
            finish(out, 0, choice, "content_filter");
            return;
        }
        int position = 0;
        for (JsonNode candidate : candidates.list()) {
            int index = candidate.path("index").asInt(position++);
            Choice choice = choices.get(index);
            if (choice == null) {
                choice = start(out, index);
            }
            if (choice.finished) {
                continue;
            }
            Parts parts = Parts.of(candidate, ids);
            if (!parts.thoughts().isEmpty()) {
                ObjectNode chunk = chunk();
                choice(chunk, index).putObject("delta").put(Reasoning.CONTENT, parts.thoughts());
                write(out, chunk);
            }
            if (!parts.text().isEmpty()) {
                ObjectNode chunk = chunk();
                choice(chunk, index).putObject("delta").put("content", parts.text());
                write(out, chunk);
            }
            if (parts.callSignature() != null && !choice.signed) {
                signature(out, index, choice, parts.callSignature());
            } else if (parts.otherSignature() != null) {
                choice.pendingSignature = parts.otherSignature();
            }
            for (JsonNode call : parts.calls()) {
                ObjectNode chunk = chunk();
                ArrayNode calls = choice(chunk, index).putObject("delta").putArray("tool_calls");
                ObjectNode delta = calls.addObject().put("index", choice.toolCalls++);
                delta.setAll((ObjectNode) call);
                write(out, chunk);
            }
            String reason = OpenAiToGeminiTranslator.finishReason(candidate.path("finishReason").asText(null),
                    choice.toolCalls > 0);
            if (reason != null) {
                if (!choice.signed && choice.pendingSignature != null) {
                    signature(out, index, choice, choice.pendingSignature);
                }
                finish(out, index, choice, reason);
            }
        }
    }

    private Choice start(Buffer out, int index) {
        Choice choice = new Choice();
        choices.put(index, choice);
        ObjectNode chunk = chunk();
        choice(chunk, index).putObject("delta").put("role", "assistant").put("content", "");
        write(out, chunk);
        return choice;
    }

    private void signature(Buffer out, int index, Choice choice, String signature) {
        choice.signed = true;
        ObjectNode chunk = chunk();
        choice(chunk, index).putObject("delta").put(Reasoning.SIGNATURE, Reasoning.fromGemini(signature));
        write(out, chunk);
    }

    private void finish(Buffer out, int index, Choice choice, String reason) {
        choice.finished = true;
        ObjectNode chunk = chunk();
        ObjectNode c = choice(chunk, index);
        c.putObject("delta");
        c.put("finish_reason", reason);
        write(out, chunk);
    }

    private ObjectNode chunk() {
        ObjectNode chunk = OpenAiToGeminiTranslator.NODES.objectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model == null ? ids.modelFor(OpenAiToGeminiTranslator.NODES.objectNode()) : model);
        chunk.putArray("choices");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode choice(ObjectNode chunk, int index) {
        ObjectNode choice = chunk.withArray("choices").addObject().put("index", index);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return choice;
    }

    private void write(Buffer out, ObjectNode chunk) {
        chunks.chunk(out, Chunk.of(chunk));
    }

    @Override
    public void handChunksTo(ChunkSink sink) {
        chunks = sink;
    }
}
