package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * What one client key may spend per UTC calendar day or month, priced with the targets' {@link Cost}: a request's
 * price is its prompt tokens times {@code inputPer1k} plus its completion tokens times {@code outputPer1k}, over
 * 1,000. A target without a cost costs nothing. No currency: the amount is in whatever unit the costs are.
 *
 * @param amount more than 0; written as a JSON string, so that its digits are kept exactly (25.10 stays 25.10)
 */
public record Budget(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, Period period) {

    /** The calendar window a budget is spent over, in UTC. */
    public enum Period {
        /** From 00:00 UTC to the next 00:00 UTC. */
        @JsonProperty("day") DAY,
        /** From 00:00 UTC on the 1st to 00:00 UTC on the 1st of the next month. */
        @JsonProperty("month") MONTH
    }

    public Budget {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("budget.amount must be more than 0, was " + amount);
        }
        if (period == null) {
            throw new IllegalArgumentException("budget.period must be day or month");
        }
    }
}
