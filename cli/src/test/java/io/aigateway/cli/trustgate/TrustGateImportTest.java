package io.aigateway.cli.trustgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TrustGate ids to names, and the report of what could not be carried over. */
class TrustGateImportTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    /** Two gateways exported with their ids, as the admin API's GETs return them. */
    private static final String EXPORT = """
            {
              "gateways": [
                {"id": "6f1c2d3e-0000-4000-8000-00000000000a", "name": "Team A", "subdomain": "team-a",
                 "created_at": "2025-01-01T00:00:00Z"},
                {"id": "6f1c2d3e-0000-4000-8000-00000000000b", "name": "Team B", "subdomain": "team-b"}
              ],
              "upstreams": [
                {"id": "u-1", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000a", "name": "AI providers",
                 "algorithm": "least-conn",
                 "targets": [{"id": "u-1-openai-0", "provider": "openai", "default_model": "gpt-4o",
                              "models": ["gpt-4o"], "credentials": {"api_key": "sk-team-a"}}]},
                {"id": "u-2", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000b", "name": "AI providers",
                 "targets": [{"host": "vllm.ml.svc", "port": 8000, "protocol": "http", "models": ["llama"]}]}
              ],
              "services": [
                {"id": "s-1", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000a", "name": "chat",
                 "type": "upstream", "upstream_id": "u-2"},
                {"id": "s-2", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000b", "name": "chat",
                 "type": "upstream", "upstream_id": "u-gone"}
              ],
              "rules": [
                {"id": "r-1", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000b", "path": "/v1",
                 "service_id": "s-1", "methods": ["POST", "get"]},
                {"id": "r-2", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000a", "path": "/v1",
                 "service_id": "s-2"}
              ],
              "keys": [
                {"id": "k-1", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000a", "name": "ci",
                 "key": "tg-client-key", "active": true, "expires_at": "0001-01-01T00:00:00Z"},
                {"id": "k-2", "gateway_id": "6f1c2d3e-0000-4000-8000-00000000000a", "name": "old",
                 "key": "tg-old-key", "active": false}
              ]
            }
            """;

    @TempDir
    Path dir;

    private TrustGateImport.Result convert(String json, boolean includeSecrets) throws IOException {
        Path file = Files.writeString(dir.resolve("dump.json"), json);
        TrustGateInput.Read read = TrustGateInput.read(List.of(file), InputStream.nullInputStream());
        assertThat(read.errors()).isEmpty();
        return TrustGateImport.convert(read.items(),
                new TrustGateImport.Options(includeSecrets, null, null, NOW));
    }

    private static JsonNode spec(TrustGateImport.Result result, String kind, String name) {
        return result.resources().stream().filter(r -> r.kind().equals(kind) && r.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name + " not imported: "
                        + result.resources().stream().map(r -> r.kind() + " " + r.name()).toList()))
                .resource().get("spec");
    }

    private static List<String> lines(TrustGateImport.Result result) {
        return result.findings().stream().map(Finding::toString).toList();
    }

    @Test
    void shouldTurnIdsIntoNamesAndDistinctNamesPerKind() throws IOException {
        TrustGateImport.Result result = convert(EXPORT, false);

        assertThat(result.resources()).extracting(r -> r.kind() + " " + r.name()).containsExactly(
                "AIGateway team-a", "AIGateway team-b", "AIUpstream ai-providers", "AIUpstream ai-providers-2",
                "AIService chat", "AIRule v1", "AIKey ci");
        assertThat(spec(result, "AIUpstream", "ai-providers").path("algorithm").asText())
                .isEqualTo("least-connections");
        // s-1 refers to u-2, the second "AI providers", whatever the order of the names.
        assertThat(spec(result, "AIService", "chat").path("upstreamRef").path("name").asText())
                .isEqualTo("ai-providers-2");
        JsonNode rule = spec(result, "AIRule", "v1");
        assertThat(rule.path("gatewayRef").path("name").asText()).isEqualTo("team-b");
        assertThat(rule.path("serviceRef").path("name").asText()).isEqualTo("chat");
        assertThat(rule.path("methods").toString()).isEqualTo("[\"POST\",\"GET\"]");
        JsonNode key = spec(result, "AIKey", "ci");
        assertThat(key.path("gatewayRef").path("name").asText()).isEqualTo("team-a");
        assertThat(key.has("expiresAt")).as("Go's zero time: never expires").isFalse();
        assertThat(key.has("secretRef")).as("no --include-secrets: the operator generates the key").isFalse();
    }

    @Test
    void shouldLeaveOutWhatRefersToSomethingMissingAndSayWhy() throws IOException {
        TrustGateImport.Result result = convert(EXPORT, false);

        assertThat(lines(result)).contains(
                "AIService chat-2 (" + dir.resolve("dump.json") + "#6): upstream_id: not carried over: refers to "
                        + "upstream 'u-gone', which is not in the input; not imported",
                "AIRule v1-2 (" + dir.resolve("dump.json") + "#8): service_id: not carried over: refers to service "
                        + "'s-2', which was not imported (see above); not imported",
                "AIKey old (" + dir.resolve("dump.json") + "#10): active: not carried over: an inactive key has no "
                        + "equivalent (an AIKey is always accepted until it expires); not imported",
                "AIGateway team-a (" + dir.resolve("dump.json") + "#1): name: converted: 'Team A' is not a "
                        + "Kubernetes name, or is taken; named team-a",
                "AIGateway team-a (" + dir.resolve("dump.json") + "#1): subdomain: not carried over: TrustGate "
                        + "serves it under a base domain the input does not hold; rerun with --base-domain DOMAIN "
                        + "to answer team-a.DOMAIN only (without: every host)");
    }

    @Test
    void shouldCopyCredentialsOnlyWhenAskedAndKeepTheHeadersScheme() throws IOException {
        String upstream = """
                {"name": "local", "targets": [{"host": "vllm.ml.svc", "port": 8000, "protocol": "http",
                  "credentials": {"header_name": "X-Custom-Auth", "header_value": "Token abc"}}]}
                """;
        TrustGateImport.Result placeholders = convert(upstream, false);
        TrustGateImport.Result copied = convert(upstream, true);

        assertThat(placeholders.secrets()).singleElement().satisfies(secret ->
                assertThat(secret.resource().path("stringData").path("openai-compatible").asText())
                        .isEqualTo("Token REPLACE_ME"));
        assertThat(copied.secrets()).singleElement().satisfies(secret ->
                assertThat(secret.resource().path("stringData").path("openai-compatible").asText())
                        .isEqualTo("Token abc"));
        JsonNode target = spec(placeholders, "AIUpstream", "local").path("targets").get(0);
        assertThat(target.path("provider").asText()).isEqualTo("openai-compatible");
        assertThat(target.path("credentials").path("header").path("name").asText()).isEqualTo("X-Custom-Auth");
        assertThat(target.path("credentials").path("header").path("valueFrom").path("name").asText())
                .isEqualTo("local-provider-keys");
    }

    @Test
    void shouldGiveAClientKeyItsSecretOnlyWithIncludeSecrets() throws IOException {
        TrustGateImport.Result result = convert(EXPORT, true);

        assertThat(spec(result, "AIKey", "ci").path("secretRef").toString())
                .isEqualTo("{\"name\":\"ci-client-key\",\"key\":\"key\"}");
        assertThat(result.secrets()).anySatisfy(secret -> {
            assertThat(secret.name()).isEqualTo("ci-client-key");
            assertThat(secret.resource().path("stringData").path("key").asText()).isEqualTo("tg-client-key");
        });
    }

    @Test
    void shouldReportEveryFieldItCannotCarryOverAndNoCredential() throws IOException {
        TrustGateImport.Result result = convert("""
                {"name": "semantic", "algorithm": "semantic",
                 "embedding_config": {"provider": "openai", "model": "text-embedding-3-small"},
                 "tags": ["prod"], "websocket_config": {"ping_period": "30s"},
                 "health_checks": {"passive": true, "threshold": 500, "interval": 60, "path": "/health"},
                 "targets": [
                   {"provider": "openai", "stream": true, "insecure_ssl": true, "description": "main",
                    "tags": [], "priority": 0,
                    "headers": {"Authorization": "Bearer sk-in-a-header", "OpenAI-Organization": "org-1"},
                    "auth": {"type": "oauth2", "oauth": {"client_secret": "oauth-secret"}},
                    "credentials": {"api_key": "sk-main", "param_name": "key"}},
                   {"provider": "mistral", "credentials": {"api_key": "sk-mistral"}}
                 ]}
                """, true);

        assertThat(result.findings()).filteredOn(Finding::lost).extracting(Finding::field).containsExactlyInAnyOrder(
                "algorithm", "health_checks.threshold", "health_checks.path", "targets[0].headers.Authorization",
                "targets[0].stream", "targets[0].insecure_ssl", "targets[0].credentials.param_name",
                "targets[0].description", "targets[0].auth", "targets[1].provider", "embedding_config", "tags",
                "websocket_config");
        assertThat(lines(result)).contains(
                "AIUpstream semantic (" + dir.resolve("dump.json") + "): algorithm: not carried over: 'semantic' has "
                        + "no equivalent; round-robin is used",
                "AIUpstream semantic (" + dir.resolve("dump.json") + "): health_checks.threshold: not carried over: "
                        + "500 is outside 1-100; 100 is used",
                "AIUpstream semantic (" + dir.resolve("dump.json") + "): targets[1].provider: not carried over: "
                        + "'mistral' has no equivalent (openai, anthropic, gemini, bedrock, azure or an "
                        + "OpenAI-compatible host); target left out");
        assertThat(String.join("\n", lines(result))).doesNotContain("sk-in-a-header", "oauth-secret", "sk-main",
                "sk-mistral");
        JsonNode target = spec(result, "AIUpstream", "semantic").path("targets").get(0);
        assertThat(target.path("headers").toString()).isEqualTo("{\"OpenAI-Organization\":\"org-1\"}");
        assertThat(target.has("priority")).as("0 is Go's unset").isFalse();
        assertThat(spec(result, "AIUpstream", "semantic").path("targets").size()).isEqualTo(1);
    }

    @Test
    void shouldTakeAPlaceholderAsTheResourceCreatedLastBeforeIt() throws IOException {
        TrustGateImport.Result result = convert("""
                [
                  {"request": "POST /api/v1/gateways/{gateway_id}/upstreams",
                   "body": {"name": "first", "targets": [{"provider": "openai", "credentials": {"api_key": "a"}}]}},
                  {"request": "POST /api/v1/gateways/{gateway_id}/services",
                   "body": {"name": "to-first", "upstream_id": "{upstream_id}"}},
                  {"request": "POST /api/v1/gateways/{gateway_id}/upstreams",
                   "body": {"name": "second", "targets": [{"provider": "openai", "credentials": {"api_key": "b"}}]}},
                  {"request": "POST /api/v1/gateways/{gateway_id}/services",
                   "body": {"name": "to-second", "upstream_id": "{upstream_id}"}}
                ]
                """, false);

        assertThat(spec(result, "AIService", "to-first").path("upstreamRef").path("name").asText())
                .isEqualTo("first");
        assertThat(spec(result, "AIService", "to-second").path("upstreamRef").path("name").asText())
                .isEqualTo("second");
    }
}
