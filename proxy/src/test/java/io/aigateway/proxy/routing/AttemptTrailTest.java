package io.aigateway.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.routing.AttemptFailure.Cause;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptTrailTest {

    private static final AttemptFailure LIMITED = new AttemptFailure("openai", Cause.RATE_LIMITED, "429", 429,
            Duration.ofSeconds(3));
    private static final AttemptFailure DOWN = new AttemptFailure("azure", Cause.STATUS, "503", 503, null);
    private static final AttemptFailure TIMED_OUT = new AttemptFailure("bedrock", Cause.TIMEOUT,
            "timeout after 60000 ms");

    @Test
    void shouldNameTheTargetThatAnsweredAfterTheOnesThatFailed() {
        AttemptTrail trail = new AttemptTrail();
        assertThat(trail.answeredBy("openai", 200)).isEqualTo("openai=200");

        trail.failed(LIMITED);
        trail.failed(TIMED_OUT);

        assertThat(trail.answeredBy("anthropic", 200))
                .isEqualTo("openai=429(rate_limited), bedrock=timeout, anthropic=200");
    }

    @Test
    void shouldListEveryFailureWhenNoTargetAnswered() {
        assertThat(AttemptTrail.failed(List.of(LIMITED, DOWN)))
                .isEqualTo("openai=429(rate_limited), azure=503(status)");
    }

    @Test
    void shouldCarryNoReasonTextOnlyCodesAndLabels() {
        AttemptFailure withText = new AttemptFailure("openai", Cause.BAD_RESPONSE,
                "malformed answer (Unexpected character 'x' at sk-secret)");

        assertThat(AttemptTrail.failed(List.of(withText))).isEqualTo("openai=bad_response");
    }
}
