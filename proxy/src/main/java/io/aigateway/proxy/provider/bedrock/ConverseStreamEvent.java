package io.aigateway.proxy.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import java.io.IOException;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * One ConverseStream message: its {@code :message-type} ({@code event}, {@code exception} or {@code error}), its
 * {@code :event-type} (messageStart, contentBlockStart, contentBlockDelta, contentBlockStop, messageStop, metadata)
 * or {@code :exception-type} (throttlingException, …), and the JSON payload.
 *
 * @param type the event type, the exception type, or the {@code :error-code} of an error message
 * @param payload the JSON payload; {@link MissingNode} when empty
 */
public record ConverseStreamEvent(String messageType, String type, JsonNode payload) {

    public static final String EVENT = "event";
    public static final String EXCEPTION = "exception";
    public static final String ERROR = "error";

    /** Reads one decoded frame. */
    public static ConverseStreamEvent of(Message message, ObjectMapper json) {
        Map<String, HeaderValue> headers = message.getHeaders();
        String messageType = header(headers, ":message-type");
        if (messageType == null) {
            messageType = EVENT;
        }
        String type = switch (messageType) {
            case EXCEPTION -> header(headers, ":exception-type");
            case ERROR -> header(headers, ":error-code");
            default -> header(headers, ":event-type");
        };
        byte[] bytes = message.getPayload();
        JsonNode payload;
        if (bytes.length == 0) {
            payload = MissingNode.getInstance();
        } else {
            try {
                payload = json.readTree(bytes);
            } catch (IOException e) {
                throw new ProviderResponseException("Bedrock stream event " + type + " has a payload that is not JSON");
            }
        }
        if (ERROR.equals(messageType) && payload.isMissingNode()) {
            String text = header(headers, ":error-message");
            payload = json.createObjectNode().put("message", text == null ? "" : text);
        }
        return new ConverseStreamEvent(messageType, type == null ? "" : type, payload);
    }

    private static String header(Map<String, HeaderValue> headers, String name) {
        HeaderValue v = headers.get(name);
        return v == null ? null : v.getString();
    }
}
