package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * One streamed event's data, all event types in one shape: {@code message_start} (message),
 * {@code content_block_start} (index, contentBlock), {@code content_block_delta} (index, delta),
 * {@code content_block_stop} (index), {@code message_delta} (delta, usage), {@code message_stop}, {@code ping},
 * {@code error} (error).
 */
public record StreamEvent(
        String type,
        MessageResponse message,
        Integer index,
        @JsonProperty("content_block") ContentBlock contentBlock,
        Delta delta,
        Usage usage,
        ErrorBody.Detail error) {

    public static final String MESSAGE_START = "message_start";
    public static final String CONTENT_BLOCK_START = "content_block_start";
    public static final String CONTENT_BLOCK_DELTA = "content_block_delta";
    public static final String CONTENT_BLOCK_STOP = "content_block_stop";
    public static final String MESSAGE_DELTA = "message_delta";
    public static final String MESSAGE_STOP = "message_stop";
    public static final String PING = "ping";
    public static final String ERROR = "error";

    /**
     * Reads one event's data as {@link AnthropicApi#MAPPER} binds it (unknown fields skipped, a number or boolean
     * where text is expected taken as its text), null for {@code null}: token by token, as its parts' own readers
     * do (see {@link AnthropicApi}); only an error's object, which ends the stream, is bound by the mapper.
     *
     * @throws IOException as the mapper's reading would: not JSON, or JSON of another shape
     */
    public static StreamEvent read(String data) throws IOException {
        try (JsonParser p = AnthropicApi.MAPPER.createParser(data)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw MismatchedInputException.from(p, StreamEvent.class, "a stream event is a JSON object");
            }
            String type = null;
            MessageResponse message = null;
            Integer index = null;
            ContentBlock contentBlock = null;
            Delta delta = null;
            Usage usage = null;
            ErrorBody.Detail error = null;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = AnthropicApi.text(p, value);
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue()
                            : p.readValueAs(Integer.class);
                    case "delta" -> delta = Delta.read(p, value);
                    case "message" -> message = MessageResponse.read(p);
                    case "content_block" -> contentBlock = ContentBlock.read(p);
                    case "usage" -> usage = Usage.read(p);
                    case "error" -> error = p.readValueAs(ErrorBody.Detail.class);
                    default -> p.skipChildren();
                }
            }
            return new StreamEvent(type, message, index, contentBlock, delta, usage, error);
        }
    }

    /**
     * A block delta ({@code text_delta} with text, {@code input_json_delta} with partialJson; others such as
     * {@code thinking_delta} are skipped) or, in {@code message_delta}, the stop reason.
     */
    public record Delta(
            String type,
            String text,
            @JsonProperty("partial_json") String partialJson,
            @JsonProperty("stop_reason") String stopReason,
            @JsonProperty("stop_sequence") String stopSequence) {

        public static final String TEXT_DELTA = "text_delta";
        public static final String INPUT_JSON_DELTA = "input_json_delta";
        public static final String THINKING_DELTA = "thinking_delta";
        public static final String SIGNATURE_DELTA = "signature_delta";

        /** The delta whose value the parser is on, read as {@link StreamEvent#read} reads the event. */
        private static Delta read(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                return p.readValueAs(Delta.class); // null, or the mapper's error for a value of another shape
            }
            String type = null;
            String text = null;
            String partialJson = null;
            String stopReason = null;
            String stopSequence = null;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken token = p.nextToken();
                switch (field) {
                    case "type" -> type = AnthropicApi.text(p, token);
                    case "text" -> text = AnthropicApi.text(p, token);
                    case "partial_json" -> partialJson = AnthropicApi.text(p, token);
                    case "stop_reason" -> stopReason = AnthropicApi.text(p, token);
                    case "stop_sequence" -> stopSequence = AnthropicApi.text(p, token);
                    default -> p.skipChildren();
                }
            }
            return new Delta(type, text, partialJson, stopReason, stopSequence);
        }
    }
}
