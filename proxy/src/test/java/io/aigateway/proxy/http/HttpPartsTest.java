package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.routing.AttemptFailure;
import io.aigateway.proxy.routing.AttemptFailure.Cause;
import io.aigateway.proxy.routing.TargetsFailed;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpPartsTest {

    private static Target target(String basePath, String path) {
        return new Target("t", Provider.OPENAI, new Endpoint("http", "h", 80, basePath), path, 1, 1, List.of(), null,
                Map.of("X-Target", "yes"), Map.of(), new Credentials("k", null, null, null), null, null);
    }

    @Test
    void shouldBuildUpstreamUris() {
        assertThat(UpstreamRequests.uri(target("/v1", null), "/v1/chat/completions", null))
                .isEqualTo("/v1/chat/completions");
        assertThat(UpstreamRequests.uri(target("/openai/v1/", null), "/v1/chat/completions", "a=1"))
                .isEqualTo("/openai/v1/chat/completions?a=1");
        assertThat(UpstreamRequests.uri(target("", null), "/v1/models", null)).isEqualTo("/models");
        assertThat(UpstreamRequests.uri(target("", null), "/v1", null)).isEqualTo("/");
        assertThat(UpstreamRequests.uri(target("/v1", null), "/v10/x", null)).isEqualTo("/v1/v10/x");
        assertThat(UpstreamRequests.uri(target("/v1", "/fixed/path"), "/v1/chat/completions", "q=2"))
                .isEqualTo("/fixed/path?q=2");
    }

    @Test
    void shouldDropHopByHopHostLengthAndKeyHeadersAndAskForAnUncompressedAnswer() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap()
                .add("Host", "gw").add("Content-Length", "3").add("Connection", "keep-alive, X-Conn")
                .add("X-Conn", "1").add("Transfer-Encoding", "chunked").add("X-Gateway-Key", "secret")
                .add("Authorization", "Bearer client").add("Accept", "text/event-stream").add("Expect", "100-continue")
                .add("Accept-Encoding", "gzip");
        MultiMap out = UpstreamRequests.headers(client, List.of(new ClientKeyHeader("x-gateway-key", null),
                new ClientKeyHeader("Authorization", "Bearer")), target("/v1", null));
        new CredentialInjector(Clock.systemUTC()).authorize(target("/v1", null), Map.of("k", "sk-p"), "POST",
                "/v1/chat/completions", out, null);
        assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-Target", "Authorization", "Accept-Encoding");
        // The gateway reads what it relays: the answer uncompressed.
        assertThat(out.get("Accept-Encoding")).isEqualTo("identity");
        assertThat(out.get("Authorization")).isEqualTo("Bearer sk-p");
    }

    @Test
    void shouldReadAndReplaceTheTopLevelModelOnly() {
        Buffer body = Buffer.buffer("{\"messages\":[{\"model\":\"inner\"}],\"model\":\"gpt-4o\",\"x\":{\"a\":[1,2]}}");
        assertThat(ModelField.scan(body, false).model()).isEqualTo("gpt-4o");
        JsonObject replaced = new JsonObject(ModelField.replace(body, "llama3"));
        assertThat(replaced.getString("model")).isEqualTo("llama3");
        assertThat(replaced.getJsonArray("messages").getJsonObject(0).getString("model")).isEqualTo("inner");
        assertThat(replaced.getJsonObject("x").getJsonArray("a")).containsExactly(1, 2);
        assertThat(ModelField.scan(Buffer.buffer("{\"model\":3}"), false).model()).isNull();
        assertThat(ModelField.scan(Buffer.buffer("not json"), false).model()).isNull();
        assertThat(ModelField.scan(Buffer.buffer(""), false).model()).isNull();
        assertThat(ModelField.scan(Buffer.buffer("  {\"model\":\"m\""), false).model()).isEqualTo("m");
    }

    @Test
    void shouldTellAWellFormedObjectFromAnythingElseWhenScanningTheWholeBody() {
        ModelField.Scan ok = ModelField.scan(Buffer.buffer(" {\"system\":\"Be brief.\",\"model\":\"m\",\"x\":[{}]} \n"),
                true);
        assertThat(ok).isEqualTo(new ModelField.Scan("m", false, true, false));
        assertThat(ModelField.scan(Buffer.buffer("{\"model\":\"m\",\"stream\":true}"), true).stream()).isTrue();
        assertThat(ModelField.scan(Buffer.buffer("{\"x\":{\"stream\":true},\"stream\":false}"), true).stream())
                .isFalse();
        assertThat(ModelField.scan(Buffer.buffer("{\"system\":null}"), true).system()).isFalse();
        for (String bad : new String[] {"", "not json", "[]", "\"s\"", "{\"model\":\"m\"", "{\"model\":\"m\"} x",
                "{}{}", "{\"a\":[1,}", "{'a':1}"}) {
            assertThat(ModelField.scan(Buffer.buffer(bad), true).malformed()).as(bad).isTrue();
        }
        // Stopping at the model, the pass cannot vouch for the rest.
        assertThat(ModelField.scan(Buffer.buffer("{\"model\":\"m\"} x"), false).malformed()).isFalse();
    }

    @Test
    void shouldLogAnUnexpectedFailureWithItsClassesAndStackButNotItsMessages() {
        IllegalStateException cause = new IllegalStateException("header value: Bearer sk-secret-2");
        IllegalArgumentException failure = new IllegalArgumentException("prohibited character: sk-secret-1", cause);

        Throwable logged = ErrorResponses.withoutMessages(failure);

        StringWriter printed = new StringWriter();
        logged.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("sk-secret")
                .contains("java.lang.IllegalArgumentException (message withheld)",
                        "java.lang.IllegalStateException (message withheld)");
        assertThat(logged.getStackTrace()).isEqualTo(failure.getStackTrace());
    }

    @Test
    void shouldParseRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 31 Dec 2025 00:00:30 GMT", now)).isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
        assertThat(RetryAfter.parse("999999999999999999999", now)).isEqualTo(RetryAfter.MAX);
    }

    @Test
    void shouldReadEachProvidersRetryHintInOrder() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Buffer none = Buffer.buffer();
        // OpenAI and Azure: retry-after-ms before Retry-After.
        assertThat(RetryAfter.of(429, headers("retry-after-ms", "1500", "Retry-After", "9"), none, clock.instant()))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryAfter.of(503, headers("Retry-After", "9"), none, clock.instant()))
                .isEqualTo(Duration.ofSeconds(9));
        // Gemini: RetryInfo in the error body.
        Buffer gemini = Buffer.buffer("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12.5s\"}]}}");
        assertThat(RetryAfter.of(429, headers(), gemini, clock.instant())).isEqualTo(Duration.ofMillis(12_500));
        assertThat(RetryAfter.of(429, headers(), Buffer.buffer("{\"error\":{\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\""), clock.instant())).isNull();
        // OpenAI rate-limit resets: the exhausted limit's, else the earliest; only on a 429.
        MultiMap openai = headers("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0s",
                "x-ratelimit-remaining-tokens", "1200", "x-ratelimit-reset-tokens", "20ms");
        assertThat(RetryAfter.of(429, openai, none, clock.instant())).isEqualTo(Duration.ofMinutes(6));
        assertThat(RetryAfter.of(503, openai, none, clock.instant())).isNull();
        assertThat(RetryAfter.of(429, headers("x-ratelimit-reset-requests", "1m30s", "x-ratelimit-reset-tokens",
                "1.5s"), none, clock.instant())).isEqualTo(Duration.ofMillis(1500));
        // Anthropic rate-limit resets: RFC 3339 times.
        MultiMap anthropic = headers("anthropic-ratelimit-requests-remaining", "40",
                "anthropic-ratelimit-requests-reset", "2026-01-01T00:00:05Z",
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2026-01-01T00:00:30+00:00");
        assertThat(RetryAfter.of(429, anthropic, none, clock.instant())).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.of(429, headers("anthropic-ratelimit-tokens-reset", "2025-12-31T23:59:00Z"), none,
                clock.instant())).isNull();
        assertThat(RetryAfter.of(429, headers("x-ratelimit-reset-requests", "soon"), none, clock.instant()))
                .isNull();
        assertThat(RetryAfter.of(429, headers("retry-after-ms", "9e12"), none, clock.instant()))
                .isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.duration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RetryAfter.seconds(Duration.ofMillis(2_001))).isEqualTo("3");
        assertThat(RetryAfter.seconds(Duration.ofSeconds(2))).isEqualTo("2");
    }

    private static MultiMap headers(String... pairs) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void shouldMapFailuresToStatusesAndOpenAiBodies() {
        var f500 = new AttemptFailure("openai", Cause.STATUS, "500", 500, null);
        var refused = new AttemptFailure("local", Cause.CONNECTION, "connection refused");
        var timeout = new AttemptFailure("slow", Cause.TIMEOUT, "timeout after 60000 ms");
        var limited = new AttemptFailure("anthropic", Cause.RATE_LIMITED, "429", 429,
                Duration.ofMillis(2_100));
        var overloaded = new AttemptFailure("claude", Cause.STATUS, "529", 529, null);

        var bad = ErrorResponses.map(new TargetsFailed(List.of(f500, refused)));
        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.message()).contains("openai: 500; local: connection refused");
        assertThat(ErrorResponses.map(new TargetsFailed(List.of(timeout, timeout))).status())
                .isEqualTo(504);
        assertThat(ErrorResponses.map(new TargetsFailed(List.of(timeout, f500))).status())
                .isEqualTo(500);
        var busy = ErrorResponses.map(new TargetsFailed(List.of(f500, overloaded)));
        assertThat(busy.status(ClientApi.ANTHROPIC_MESSAGES)).isEqualTo(529);
        assertThat(busy.status(ClientApi.OPENAI_CHAT_COMPLETIONS)).isEqualTo(503);
        var rate = ErrorResponses.map(new TargetsFailed(List.of(f500, limited)));
        assertThat(rate.status()).isEqualTo(429);
        assertThat(rate.retryAfter()).isEqualTo("3");
        assertThat(ErrorResponses.map(new IllegalStateException("secret detail")).message())
                .doesNotContain("secret");

        JsonObject body = new JsonObject(ErrorResponses.body(ErrorResponses.map(
                new ProxyException(ProxyException.Kind.NO_ROUTE, "No route"))));
        assertThat(body.getJsonObject("error").fieldNames())
                .containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
    }
}
