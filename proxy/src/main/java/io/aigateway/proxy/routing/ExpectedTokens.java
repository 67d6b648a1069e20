package io.aigateway.proxy.routing;

/**
 * How many tokens a request is expected to use, before it is sent: what the lowest-cost algorithm prices. The
 * prompt is estimated from the body's size, {@value #BYTES_PER_TOKEN} bytes a token (the usual rule of thumb for
 * English text and JSON); the answer is the request's own cap ({@code max_tokens}, {@code max_completion_tokens},
 * {@code max_output_tokens}), or {@value #DEFAULT_OUTPUT} tokens without one.
 *
 * @param input prompt tokens
 * @param output completion tokens
 */
public record ExpectedTokens(long input, long output) {

    public static final int BYTES_PER_TOKEN = 4;
    public static final long DEFAULT_OUTPUT = 512;
    /** For requests no algorithm prices. */
    public static final ExpectedTokens NONE = new ExpectedTokens(0, 0);

    /**
     * @param bodyBytes the size of the request body
     * @param maxOutput the request's cap on answer tokens; null or not positive without one
     */
    public static ExpectedTokens of(long bodyBytes, Long maxOutput) {
        long output = maxOutput == null || maxOutput <= 0 ? DEFAULT_OUTPUT : maxOutput;
        return new ExpectedTokens((bodyBytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN, output);
    }

    /** What a target with these prices per 1,000 tokens charges for this request. */
    public double price(double inputPer1k, double outputPer1k) {
        return input / 1000.0 * inputPer1k + output / 1000.0 * outputPer1k;
    }
}
