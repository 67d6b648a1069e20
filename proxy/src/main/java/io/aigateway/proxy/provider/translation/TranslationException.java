package io.aigateway.proxy.provider.translation;

/**
 * A request the target's API cannot honour without changing the answer, such as {@code n > 1} to a provider
 * without an equivalent: the client gets a 400 naming the field.
 */
public final class TranslationException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String field;

    public TranslationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, for the error's {@code param}. */
    public String field() {
        return field;
    }
}
