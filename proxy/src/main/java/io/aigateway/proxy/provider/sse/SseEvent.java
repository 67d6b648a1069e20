package io.aigateway.proxy.provider.sse;

/**
 * One server-sent event as dispatched by {@link SseDecoder}.
 *
 * @param event the {@code event:} field, or null when the event had none (the spec's default type {@code message})
 * @param data the {@code data:} lines joined with {@code \n}; never null
 * @param id the {@code id:} field, or null when the event had none
 */
public record SseEvent(String event, String data, String id) {

    public SseEvent {
        if (data == null) {
            throw new IllegalArgumentException("an SSE event always has data");
        }
    }

    /** An event with data only. */
    public static SseEvent data(String data) {
        return new SseEvent(null, data, null);
    }

    /** The event type, {@code message} when the event named none. */
    public String type() {
        return event == null ? "message" : event;
    }
}
