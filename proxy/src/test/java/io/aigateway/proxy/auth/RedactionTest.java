package io.aigateway.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static Target target(Credentials credentials) {
        return new Target("t", Provider.OPENAI_COMPATIBLE, new Endpoint("http", "127.0.0.1", 8000, "/v1"), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), credentials, null, null);
    }

    @Test
    void shouldReplaceAKeyAsSentAndAsAJsonStringEscapesIt() {
        Redaction redaction = CredentialInjector.redaction(target(new Credentials("k", null, null, null)),
                Map.of("k", "sk-abc/def\"ghi\n"));

        String body = "{\"m\":\"got sk-abc/def\\\"ghi and sk-abc\\/def\\\"ghi\"}";
        assertThat(redaction.apply(Buffer.buffer(body)).toString())
                .isEqualTo("{\"m\":\"got [redacted credential] and [redacted credential]\"}");
        assertThat(redaction.apply("key=sk-abc/def\"ghi")).isEqualTo("key=[redacted credential]");
    }

    @Test
    void shouldReplaceAHeaderCredentialWholeAndWithoutItsScheme() {
        Redaction redaction = CredentialInjector.redaction(
                target(new Credentials(null, new Credentials.HeaderCredential("X-Auth", "h"), null, null)),
                Map.of("h", "Token tok-1234567890"));

        assertThat(redaction.apply("sent: Token tok-1234567890; again: tok-1234567890"))
                .isEqualTo("sent: [redacted credential]; again: [redacted credential]");
    }

    @Test
    void shouldReplaceEveryAwsValueButLeaveAnswersWithoutThemAlone() {
        Redaction redaction = CredentialInjector.redaction(target(new Credentials(null, null,
                new Credentials.AwsCredentials("us-east-1", "id", "secret", "token"), null)),
                Map.of("id", "AKIAEXAMPLEKEY", "secret", "wJalrXUtnFEMI/K7MDENG", "token", "session-token-xyz"));
        Buffer clean = Buffer.buffer("{\"message\":\"The security token included in the request is invalid.\"}");

        assertThat(redaction.apply(clean)).isSameAs(clean);
        assertThat(redaction.apply("AKIAEXAMPLEKEY wJalrXUtnFEMI/K7MDENG session-token-xyz"))
                .isEqualTo("[redacted credential] [redacted credential] [redacted credential]");
    }

    @Test
    void shouldTellTheHeadersAboutTheGatewaysOwnAuthentication() {
        assertThat(List.of("WWW-Authenticate", "set-cookie", "X-Api-Key", "Authorization", "x-goog-api-key"))
                .allMatch(Redaction::isAuthenticationHeader);
        assertThat(List.of("Content-Type", "X-Request-Id", "Retry-After", "anthropic-ratelimit-requests-remaining"))
                .noneMatch(Redaction::isAuthenticationHeader);
    }

    @Test
    void shouldRefuseToSendAKeyWithALineBreakNamingOnlyItsEntry() {
        Target target = target(new Credentials("u.t.apiKey", null, null, null));

        assertThatThrownBy(() -> CredentialInjector.apply(target, Map.of("u.t.apiKey", "sk-one\nsk-two"),
                MultiMap.caseInsensitiveMultiMap()))
                .isInstanceOf(UnsendableCredentialException.class)
                .hasMessageContaining("u.t.apiKey")
                .hasMessageNotContaining("sk-one");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        CredentialInjector.apply(target, Map.of("u.t.apiKey", "sk-one\n"), headers);
        assertThat(headers.get("Authorization")).isEqualTo("Bearer sk-one");
    }
}
