package io.aigateway.proxy.limits;

import java.time.Duration;

/** Whether a target takes one more request now. */
public sealed interface Admission {

    /** It does; the permit is ended as the attempt ends and settled once its usage is known. */
    record Admitted(Permit permit) implements Admission {
    }

    /**
     * It does not: {@code limit} says which ({@code requestsPerMinute}, {@code tokensPerMinute},
     * {@code concurrentRequests}, or {@code provider} when the provider's own headers said its budget is spent),
     * {@code retryAfter} how long until it would take the request.
     */
    record Limited(String limit, Duration retryAfter) implements Admission {
    }
}
