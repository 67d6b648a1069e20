package io.aigateway.model;

/**
 * What a target charges, per 1,000 tokens: numbers without a currency, compared only with each other.
 *
 * @param inputPer1k per 1,000 prompt tokens
 * @param outputPer1k per 1,000 completion tokens
 */
public record Cost(double inputPer1k, double outputPer1k) {
    public Cost {
        if (!(inputPer1k >= 0) || !(outputPer1k >= 0) || Double.isInfinite(inputPer1k)
                || Double.isInfinite(outputPer1k)) {
            throw new IllegalArgumentException("targets[].cost must be finite numbers of at least 0, was "
                    + inputPer1k + " and " + outputPer1k);
        }
    }
}
