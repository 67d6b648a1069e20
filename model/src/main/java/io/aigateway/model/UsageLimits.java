package io.aigateway.model;

/**
 * What clients may use, counted by the gateway's rate-limit store: on a {@link ClientKey}, what that key may use
 * across every route; on a {@link Route}, what every key using that route may use together. A null field sets no
 * limit; at least one is set.
 *
 * <p>Windows: the minute slides (the last 60 seconds); the day and the month are calendar windows in UTC, starting
 * at 00:00 and on the 1st.
 *
 * @param requestsPerMinute requests started per sliding minute
 * @param tokensPerMinute prompt and completion tokens per sliding minute
 * @param tokensPerDay prompt and completion tokens per UTC calendar day
 * @param tokensPerMonth prompt and completion tokens per UTC calendar month
 */
public record UsageLimits(Integer requestsPerMinute, Long tokensPerMinute, Long tokensPerDay, Long tokensPerMonth) {
    public UsageLimits {
        if (requestsPerMinute == null && tokensPerMinute == null && tokensPerDay == null && tokensPerMonth == null) {
            throw new IllegalArgumentException("limits must set at least one of requestsPerMinute, tokensPerMinute, "
                    + "tokensPerDay, tokensPerMonth");
        }
        if (requestsPerMinute != null) {
            Checks.requireRange(requestsPerMinute, 1, Integer.MAX_VALUE, "limits.requestsPerMinute");
        }
        Checks.requirePositive(tokensPerMinute, "limits.tokensPerMinute");
        Checks.requirePositive(tokensPerDay, "limits.tokensPerDay");
        Checks.requirePositive(tokensPerMonth, "limits.tokensPerMonth");
    }
}
