package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.FakeGoogleTokens;
import io.aigateway.proxy.support.MutableConfigSource;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictGemini;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Vertex AI upstream as a user writes it, compiled by the operator's compiler and served by the proxy from what
 * it compiled to (the ConfigMap's JSON and the credentials Secret's entries), to the Anthropic SDK: the service
 * account key goes from the user's Secret to the credentials entries only, and its token to the fake Vertex AI.
 */
class VertexCompiledIT {

    private static final String CLIENT_KEY = "sk-client-vertex";

    private final Vertx vertx = Vertx.vertx();
    private ProxyHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String resources(FakeGoogleTokens tokens, int vertexPort) {
        String indentedKey = tokens.serviceAccountJson().replace("\n", "\n    ");
        return """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw, namespace: ai}
                spec: {}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: gcp-service-account, namespace: ai}
                stringData:
                  key.json: |
                    %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client, namespace: ai}
                stringData: {key: %s}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: gemini, namespace: ai}
                spec:
                  targets:
                    - name: vertex
                      provider: vertex
                      baseUrl: http://127.0.0.1:%d/v1
                      credentials:
                        vertex:
                          serviceAccountKey: {name: gcp-service-account, key: key.json}
                          projectId: test-project
                          location: us-central1
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIService
                metadata: {name: gemini, namespace: ai}
                spec: {upstreamRef: {name: gemini}}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: gemini, namespace: ai}
                spec: {gatewayRef: {name: gw}, serviceRef: {name: gemini}, path: /v1}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata: {name: client, namespace: ai}
                spec: {gatewayRef: {name: gw}, secretRef: {name: client, key: key}}
                """.formatted(indentedKey, CLIENT_KEY, vertexPort);
    }

    /** The documents of {@code yaml} of {@code kind}, read as that class. */
    private static <T> List<T> ofKind(String yaml, Class<T> kind) {
        return Arrays.stream(yaml.split("(?m)^---$"))
                .filter(doc -> doc.contains("\nkind: " + kind.getSimpleName() + "\n"))
                .map(doc -> Serialization.unmarshal(doc, kind)).toList();
    }

    @Test
    void shouldServeAnAnthropicClientFromTheCompiledConfigWithTheKeyInTheCredentialsOnly() throws Exception {
        FakeGoogleTokens tokens = FakeGoogleTokens.start(vertx, Clock.systemUTC());
        StrictGemini vertexAi = StrictGemini.vertex(vertx, "test-project", "us-central1", tokens::valid);
        String yaml = "\n" + resources(tokens, vertexAi.port());
        Snapshot snapshot = new Snapshot("ai", ofKind(yaml, AIGateway.class), ofKind(yaml, AIUpstream.class),
                ofKind(yaml, AIService.class), ofKind(yaml, AIRule.class), ofKind(yaml, AIKey.class),
                Snapshot.decodeAll(ofKind(yaml, Secret.class)));

        CompileResult compiled = new RoutingCompiler(Clock.systemUTC()).compile(snapshot);

        assertThat(compiled.diagnostics()).isEmpty();
        CompiledGateway gw = compiled.gateway("gw").orElseThrow();
        assertThat(gw.configJson()).doesNotContain("PRIVATE KEY").contains("\"serviceAccountKeyEntry\"");
        assertThat(gw.credentials().get("gemini.vertex.serviceAccountKey")).isEqualTo(tokens.serviceAccountJson());

        h = ProxyHarness.start(vertx, new MutableConfigSource(gw.configJson(), gw.credentials()));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port(), CLIENT_KEY);
        try {
            Message message = anthropic.messages().create(MessageCreateParams.builder().model("gemini-2.5-flash")
                    .maxTokens(64).addUserMessage("Hello").build());

            assertThat(message.content().get(0).asText().text()).isEqualTo("Hello from Gemini");
        } finally {
            anthropic.close();
        }
        assertThat(vertexAi.last().uri()).isEqualTo("/v1/projects/test-project/locations/us-central1/publishers/"
                + "google/models/gemini-2.5-flash:generateContent");
        assertThat(vertexAi.last().headers().get("Authorization")).isEqualTo("Bearer ya29.test-1");
    }
}
