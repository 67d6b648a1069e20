package io.aigateway.proxy.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BedrockErrorsTest {

    @Test
    void shouldReadEverySpellingOfTheErrorType() {
        assertThat(BedrockErrors.normalise("ValidationException")).isEqualTo("validation");
        assertThat(BedrockErrors.normalise("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"))
                .isEqualTo("validation");
        assertThat(BedrockErrors.normalise("com.amazon.coral.service#AccessDeniedException")).isEqualTo("accessdenied");
        assertThat(BedrockErrors.normalise("throttlingException")).isEqualTo("throttling");
        assertThat(BedrockErrors.normalise(null)).isEmpty();
    }

    @Test
    void shouldMapTypesToStatuses() {
        assertThat(BedrockErrors.map(400, "ValidationException", "bad").status()).isEqualTo(400);
        assertThat(BedrockErrors.map(404, "ResourceNotFoundException", "no model").code()).isEqualTo("model_not_found");
        assertThat(BedrockErrors.map(429, "ThrottlingException", "slow down").status()).isEqualTo(429);
        assertThat(BedrockErrors.map(429, "ModelNotReadyException", "warming").status()).isEqualTo(503);
        assertThat(BedrockErrors.map(503, "ServiceUnavailableException", "later").status()).isEqualTo(503);
        assertThat(BedrockErrors.map(408, "ModelTimeoutException", "slow").status()).isEqualTo(504);
        assertThat(BedrockErrors.map(424, "ModelErrorException", "model broke").status()).isEqualTo(502);
        assertThat(BedrockErrors.map(500, "InternalServerException", "oops").status()).isEqualTo(502);
        assertThat(BedrockErrors.map(418, null, null).status()).isEqualTo(418);
    }

    @Test
    void shouldPresentRejectedCredentialsAsTheGatewaysProblemWithoutBedrocksMessage() {
        String aws = "User: arn:aws:iam::123456789012:user/gw is not authorized to perform: bedrock:InvokeModel";
        BedrockErrors.Mapped m = BedrockErrors.map(403, "AccessDeniedException", aws);
        assertThat(m.status()).isEqualTo(502);
        assertThat(m.code()).isEqualTo("upstream_credentials_rejected");
        assertThat(m.message()).contains("gateway's credentials").doesNotContain("123456789012");

        assertThat(BedrockErrors.map(403, null, "The security token included in the request is invalid.").code())
                .isEqualTo("upstream_credentials_rejected");
        assertThat(BedrockErrors.map(400, "ExpiredTokenException", "expired").status()).isEqualTo(502);
    }
}
