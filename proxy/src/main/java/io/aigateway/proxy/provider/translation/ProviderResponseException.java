package io.aigateway.proxy.provider.translation;

/**
 * A target's answer that cannot be read as its API promises (malformed JSON, a missing field): the client gets a
 * 502 naming the target. Messages describe the shape, never echo the payload.
 */
public final class ProviderResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProviderResponseException(String message) {
        super(message);
    }

    public ProviderResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
