package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.CLIENT_KEY;
import static io.aigateway.proxy.support.Configs.EXPIRED_KEY;
import static io.aigateway.proxy.support.Configs.route;
import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyRequestsIT extends TwoUpstreams {

    private static JsonObject error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error");
    }

    private RoutingConfig twoRoutes(List<String> hostnames, Route... routes) {
        Upstream ua = Configs.upstream("ua", Algorithm.ROUND_ROBIN, target("a", a.port()));
        Upstream ub = Configs.upstream("ub", Algorithm.ROUND_ROBIN, target("b", b.port()));
        return Configs.config(hostnames, List.of(routes), List.of(new Service("sa", "ua"), new Service("sb", "ub")),
                List.of(ua, ub), 1024);
    }

    @Test
    void shouldPreferTheLongestMatchingPrefixOnASegmentBoundary() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of(), route("chat", "/v1/chat", "sb"), route("all", "/v1", "sa")),
                Map.of());

        assertThat(h.chat("m").headers().firstValue("X-Selected-Target")).hasValue("b");
        assertThat(b.last().uri()).isEqualTo("/v1/chat/completions");
        HttpResponse<String> other = h.post("/v1/embeddings?x=1", "{}", "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(other.headers().firstValue("X-Selected-Target")).hasValue("a");
        assertThat(a.last().uri()).isEqualTo("/v1/embeddings?x=1");

        HttpResponse<String> v10 = h.post("/v10/chat", "{}", "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(v10.statusCode()).isEqualTo(404);
        assertThat(error(v10).getString("type")).isEqualTo("invalid_request_error");
        assertThat(error(v10).getString("code")).isEqualTo("route_not_found");
        assertThat(error(v10).getString("message")).contains("/v10/chat");
        assertThat(error(v10).containsKey("param")).isTrue();
    }

    @Test
    void shouldMatchMethodsAndSkipInactiveRoutes() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of(),
                new Route("inactive", "/v1/chat", List.of(), false, false, "sb", null),
                new Route("get-only", "/v1/files", List.of("GET"), false, true, "sb", null),
                route("rest", "/v1", "sa")), Map.of());

        assertThat(h.chat("m").headers().firstValue("X-Selected-Target")).hasValue("a");
        HttpResponse<String> get = h.http.send(h.request("/v1/files").header("x-api-key", CLIENT_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.headers().firstValue("X-Selected-Target")).hasValue("b");
        assertThat(b.last().method()).isEqualTo("GET");
        HttpResponse<String> post = h.post("/v1/files", "{}", "x-api-key", CLIENT_KEY);
        assertThat(post.headers().firstValue("X-Selected-Target")).hasValue("a");
    }

    @Test
    void shouldAnswer404WhenTheOnlyMatchingRouteIsInactive() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of(),
                new Route("off", "/v1", List.of(), false, false, "sa", null)), Map.of());
        HttpResponse<String> r = h.chat("m");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).getString("code")).isEqualTo("route_not_found");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void shouldAnswer503NamingWhatIsMissingWhenARoutesReferencesAreBroken() throws Exception {
        String why = "The route 'ai' cannot serve requests: AIService 'gone' does not exist in namespace default.";
        h = ProxyHarness.start(vertx, twoRoutes(List.of(), new Route("ai", "/v1", List.of(), false, true, "gone",
                why), route("rest", "/", "sa")), Map.of());
        OpenAIClient openAi = OpenAiSdk.client(h.proxy.port());
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port());
        try {
            assertThatThrownBy(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("Hello").build()))
                    .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.code()).hasValue("route_unavailable");
                        assertThat(e.getMessage()).contains(why);
                    });
            assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder()
                    .model("claude-sonnet-4-5").maxTokens(16).addUserMessage("Hello").build()))
                    .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.getMessage()).contains(why);
                    });
        } finally {
            openAi.close();
            anthropic.close();
        }
        assertThat(a.received()).as("the broken route keeps its path from the shorter one").isEmpty();
        HttpResponse<String> unauthenticated = h.post("/v1/chat/completions", "{}");
        assertThat(unauthenticated.statusCode()).as("the key is checked first").isEqualTo(401);
    }

    @Test
    void shouldMatchHostnamesWithWildcards() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of("*.example.com", "ai.test"), route("all", "/v1", "sa")),
                Map.of());
        // The JDK client does not let a test set Host, so call through a Vert.x client.
        var client = vertx.createHttpClient();
        int[] statuses = new int[3];
        String[] hosts = {"api.example.com", "ai.test", "example.com"};
        for (int i = 0; i < hosts.length; i++) {
            statuses[i] = client.request(new io.vertx.core.http.RequestOptions().setHost("127.0.0.1")
                            .setPort(h.proxy.port()).setURI("/v1/chat/completions")
                            .setMethod(io.vertx.core.http.HttpMethod.POST)
                            .putHeader("Host", hosts[i]).putHeader("Authorization", "Bearer " + CLIENT_KEY))
                    .compose(req -> req.send("{}")).map(resp -> resp.statusCode())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(statuses).containsExactly(200, 200, 404);
    }

    @Test
    void shouldStripTheRulePrefixWhenAsked() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of(),
                new Route("team", "/team-a", List.of(), true, true, "sa", null)), Map.of());
        h.post("/team-a/v1/chat/completions", "{}", "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(a.last().uri()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void shouldRefuseMissingWrongAndExpiredKeysWith401() throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                target("a", a.port()))), Map.of());

        HttpResponse<String> missing = h.post("/v1/chat/completions", "{}");
        HttpResponse<String> wrong = h.post("/v1/chat/completions", "{}", "Authorization", "Bearer sk-wrong");
        HttpResponse<String> expired = h.post("/v1/chat/completions", "{}", "x-api-key", EXPIRED_KEY);
        HttpResponse<String> noScheme = h.post("/v1/chat/completions", "{}", "Authorization", CLIENT_KEY);

        for (HttpResponse<String> r : List.of(missing, wrong, expired, noScheme)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(error(r).getString("code")).isEqualTo("invalid_api_key");
            assertThat(error(r).getString("type")).isEqualTo("invalid_request_error");
            assertThat(r.body()).doesNotContain("sk-wrong").doesNotContain(EXPIRED_KEY);
        }
        assertThat(error(expired).getString("message")).contains("expired");
        assertThat(error(wrong).getString("message")).doesNotContain("expired");
        assertThat(a.received()).isEmpty();
        assertThat(h.post("/v1/chat/completions", "{}", "x-api-key", CLIENT_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWith413() throws Exception {
        h = ProxyHarness.start(vertx, twoRoutes(List.of(), route("all", "/v1", "sa")), Map.of());
        String big = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(2000) + "\"}";

        HttpResponse<String> declared = h.post("/v1/chat/completions", big, "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(error(declared).getString("code")).isEqualTo("request_too_large");

        // Chunked: no Content-Length, so the limit is found while reading. A fresh client, so that the
        // connection the previous 413 closed is certainly not reused; HTTP/1.1, since the JDK client's default
        // HTTP/2 upgrade races the close that follows a 413.
        HttpResponse<String> chunked = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(h.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(a.received()).isEmpty();

        assertThat(h.post("/v1/chat/completions", "{\"model\":\"m\"}", "Authorization", "Bearer " + CLIENT_KEY)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseMalformedJsonInTheClientsFormatWithoutAskingAProvider() throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                target("a", a.port()))), Map.of());

        for (String body : List.of("{\"model\":\"gpt-4o\",\"messages\":[", "{\"model\":\"gpt-4o\"} trailing", "",
                "[{\"model\":\"gpt-4o\"}]")) {
            HttpResponse<String> openAi = h.post("/v1/chat/completions", body, "Authorization", "Bearer " + CLIENT_KEY,
                    "Content-Type", "application/json");
            assertThat(openAi.statusCode()).as(body).isEqualTo(400);
            assertThat(error(openAi).getString("type")).isEqualTo("invalid_request_error");
            assertThat(error(openAi).getString("message")).contains("could not parse the JSON body");
            assertThat(openAi.headers().firstValue("X-Selected-Target")).isEmpty();

            HttpResponse<String> anthropic = h.post("/v1/messages", body, "x-api-key", CLIENT_KEY,
                    "Content-Type", "application/json");
            assertThat(anthropic.statusCode()).as(body).isEqualTo(400);
            JsonObject refusal = new JsonObject(anthropic.body());
            assertThat(refusal.getString("type")).isEqualTo("error");
            assertThat(refusal.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
            assertThat(anthropic.headers().firstValue("X-Selected-Target")).isEmpty();
        }
        assertThat(a.received()).isEmpty();
    }

    @Test
    void shouldReplaceTheClientKeyWithTheProviderCredentialAndNameTheTarget() throws Exception {
        var withKey = Configs.withHeaders(Configs.withCredentials(target("a", a.port()),
                new Credentials("u.a.apiKey", null, null, null)), Map.of("OpenAI-Organization", "org-1"));
        var withHeader = Configs.withCredentials(target("b", b.port(), 1, 2),
                new Credentials(null, new Credentials.HeaderCredential("X-Proxy-Token", "u.b.token"), null, null));
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, withKey,
                withHeader)), Map.of("u.a.apiKey", "sk-provider-a\n", "u.b.token", "tok-b"));

        HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}",
                "Authorization", "Bearer " + CLIENT_KEY, "x-api-key", CLIENT_KEY, "X-Custom", "kept",
                "Proxy-Authorization", "Basic dropped");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Selected-Provider")).hasValue("openai");
        assertThat(r.headers().firstValue("X-Selected-Target")).hasValue("a");
        var got = a.last().headers();
        assertThat(got.get("Authorization")).isEqualTo("Bearer sk-provider-a");
        assertThat(got.contains("x-api-key")).isFalse();
        assertThat(got.get("X-Custom")).isEqualTo("kept");
        assertThat(got.get("OpenAI-Organization")).isEqualTo("org-1");
        assertThat(got.contains("Proxy-Authorization")).isFalse();
        assertThat(got.get("Host")).isEqualTo("127.0.0.1:" + a.port());
        assertThat(a.last().body()).isEqualTo("{\"model\":\"gpt-4o\"}");
        assertThat(got.entries().toString()).doesNotContain(CLIENT_KEY);

        a.behave(FakeUpstream.status(500));
        HttpResponse<String> viaB = h.post("/v1/chat/completions", "{}", "x-api-key", CLIENT_KEY);
        assertThat(viaB.headers().firstValue("X-Selected-Target")).hasValue("b");
        assertThat(b.last().headers().get("X-Proxy-Token")).isEqualTo("tok-b");
        assertThat(b.last().headers().contains("Authorization")).isFalse();
        assertThat(b.last().headers().contains("x-api-key")).isFalse();
    }

    @Test
    void shouldSendTheDefaultModelToATargetThatDoesNotServeTheRequestedOne() throws Exception {
        var only = Configs.withModels(target("a", a.port()), List.of("llama3"), "llama3");
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, only)), Map.of());

        h.post("/v1/chat/completions", "{\"stream\":false,\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"model\"}],\"n\":1.5}", "Authorization", "Bearer " + CLIENT_KEY);
        JsonObject sent = new JsonObject(a.last().body());
        assertThat(sent.getString("model")).isEqualTo("llama3");
        assertThat(sent.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("model");
        assertThat(sent.getDouble("n")).isEqualTo(1.5);
        assertThat(sent.getBoolean("stream")).isFalse();

        h.post("/v1/chat/completions", "{\"model\":\"llama3\"}", "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(a.last().body()).isEqualTo("{\"model\":\"llama3\"}");
        // No model requested: the target's default is added, the rest left as it came.
        h.post("/v1/chat/completions", "{\"messages\":[]}", "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(a.last().body()).isEqualTo("{\"messages\":[],\"model\":\"llama3\"}");
    }

    @Test
    void shouldSplitTrafficByWeight() throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.WEIGHTED_ROUND_ROBIN,
                target("a", a.port(), 60, 1), target("b", b.port(), 40, 1))), Map.of());
        int n = 500;
        int toA = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = h.chat("gpt-4o");
            assertThat(r.statusCode()).isEqualTo(200);
            if (r.headers().firstValue("X-Selected-Target").orElseThrow().equals("a")) {
                toA++;
            }
        }
        // 60/40 within 5 points (smooth WRR is exact over every 5 requests; the tolerance allows other pickers).
        assertThat(toA).isBetween(275, 325);
        assertThat(a.received()).hasSize(toA);
        assertThat(b.received()).hasSize(n - toA);
    }
}
