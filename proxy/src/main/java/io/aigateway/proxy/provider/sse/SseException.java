package io.aigateway.proxy.provider.sse;

/** An event stream the decoder cannot accept, such as one event larger than its bound. */
public final class SseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SseException(String message) {
        super(message);
    }
}
