package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.schema.ResourceValidator;
import io.aigateway.model.Algorithm;
import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code aigw import} on every TrustGate admin API payload of the seeds ({@code src/test/resources/import/}, the
 * request bodies copied as TrustGate's documentation writes them): the YAML it writes passes {@code aigw validate}
 * and compiles to the routing the seed describes.
 */
class ImportCommandTest {

    /** When the seeds were written: before their key's expires_at (2026-01-01). */
    private static final Clock SEEDS_WRITTEN = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    /** The service and rule the seeds create next for an upstream, as TrustGate requests: /v1 to the upstream. */
    private static final String ROUTE_TO_UPSTREAM = "route-to-upstream";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** The gateway a seed compiles to, its credentials, and what the import said. */
    record Imported(Run run, RoutingConfig config, Map<String, String> credentials, List<String> validation) {
        Upstream upstream(String name) {
            return config.upstreams().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
        }
    }

    static Path fixture(String name) {
        try {
            return Path.of(ImportCommandTest.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ImportCommand(Clock.systemUTC(), stdin));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    /**
     * Imports into a directory, runs {@code aigw validate} on it (its problem lines are returned), then checks the
     * output as validate does, with the clock of the seeds, and compiles its one gateway.
     */
    Imported importAndCompile(String... args) throws IOException {
        Path out = Files.createTempDirectory(dir, "imported");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", out.toString()));
        Run run = run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();

        AigwTest.Run validate = AigwTest.run("validate", "-f", out.toString());
        List<String> validation = validate.exit() == 0 ? List.of() : validate.outLines();
        // The only thing validate may say: the seeds' key expired on 2026-01-01, which has passed.
        assertThat(validation).allSatisfy(line -> assertThat(line).contains("test-key").contains("KeyExpired"));

        InputOptions options = new InputOptions();
        options.paths = List.of(out);
        options.namespace = "default";
        Inputs inputs = Inputs.load(options);
        assertThat(inputs.problems()).isEmpty();
        ResourceValidator validator = ResourceValidator.fromClasspath();
        for (LoadedResource resource : inputs.resources()) {
            if (validator.knows(resource.ref().kind())) {
                assertThat(validator.validate(resource.raw())).as(resource.ref().toString()).isEmpty();
            }
        }
        // As validate does: an AIKey without secretRef is assumed to have the Secret the operator generates.
        Snapshot snapshot = inputs.snapshotsAssuming(true, false).get("default");
        CompileResult result = new RoutingCompiler(SEEDS_WRITTEN).compile(snapshot);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.gateways()).hasSize(1);
        CompiledGateway gateway = result.gateways().get(0);
        return new Imported(run, gateway.config(), gateway.credentials(), validation);
    }

    /**
     * The seeds' first upstream: an openai and an anthropic target on their fixed paths, weights 50/50 in one tier,
     * each with its provider's own key.
     */
    static Target[] openAiAndAnthropicOnTheirPaths(String upstream, List<String> openAiModels,
            String openAiDefault, List<String> anthropicModels, String anthropicDefault) {
        return new Target[] {
            new Target("openai", Provider.OPENAI, OPENAI, "/v1/chat/completions", 50, 1, openAiModels, openAiDefault,
                    Map.of(), Map.of(), new Credentials(upstream + ".openai.apiKey", null, null, null), null, null),
            new Target("anthropic", Provider.ANTHROPIC, ANTHROPIC, "/v1/messages", 50, 1, anthropicModels,
                    anthropicDefault, Map.of("anthropic-version", "2023-06-01"), Map.of(),
                    new Credentials(upstream + ".anthropic.apiKey", null, null, null), null, null)};
    }

    static final Endpoint OPENAI = new Endpoint("https", "api.openai.com", 443, "/v1");
    static final Endpoint ANTHROPIC = new Endpoint("https", "api.anthropic.com", 443, "/v1");
    static final HealthChecks PASSIVE_3_60 = new HealthChecks(true, 3, 60);
    static final List<ClientKeyHeader> TRUSTGATE_KEY_HEADERS = List.of(new ClientKeyHeader("X-TG-API-Key", null),
            new ClientKeyHeader("X-Api-Key", null));

    @Test
    void shouldImportBalancingAiProvidersAsItsRoutingWithTheSubdomainAsHostname() throws IOException {
        Imported imported = importAndCompile("-f", fixture("balancing-ai-providers").toString(),
                "--base-domain", "example.com", "--include-secrets");
        RoutingConfig config = imported.config();

        assertThat(config.gateway()).isEqualTo("multi-provider-gateway");
        assertThat(config.hostnames()).containsExactly("your-subdomain.example.com");
        assertThat(config.clientKeyHeaders()).isEqualTo(TRUSTGATE_KEY_HEADERS);
        assertThat(config.routes()).containsExactly(new Route("v1", "/v1", List.of("POST"), false, true,
                "ai-chat-service", null));
        assertThat(config.services()).containsExactly(new Service("ai-chat-service", "ai-providers-upstream"));
        Upstream upstream = imported.upstream("ai-providers-upstream");
        assertThat(upstream.algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
        assertThat(upstream.healthChecks()).isEqualTo(PASSIVE_3_60);
        assertThat(upstream.targets()).containsExactly(openAiAndAnthropicOnTheirPaths("ai-providers-upstream",
                List.of("gpt-3.5-turbo", "gpt-4"), "gpt-4", List.of("claude-3-sonnet"), "claude-3-sonnet"));
        // "Authorization: Bearer your-openai-key" and "x-api-key: your-anthropic-key" are those providers' own keys.
        assertThat(imported.credentials()).containsEntry("ai-providers-upstream.openai.apiKey", "your-openai-key")
                .containsEntry("ai-providers-upstream.anthropic.apiKey", "your-anthropic-key");
        assertThat(imported.validation()).isNotEmpty();
        assertThat(config.clientKeys()).singleElement().satisfies(key -> {
            assertThat(key.name()).isEqualTo("test-key");
            assertThat(key.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        });
    }

    @Test
    void shouldImportBalancingAiProvidersV2WithApiKeysAndATrailingComma() throws IOException {
        Imported imported = importAndCompile("-f", fixture("balancing-ai-providers-v2").toString());
        RoutingConfig config = imported.config();

        assertThat(config.gateway()).isEqualTo("multi-provider-gateway");
        assertThat(config.hostnames()).isEmpty();
        assertThat(config.routes()).containsExactly(new Route("v1", "/v1", List.of("POST"), false, true,
                "ai-chat-service", null));
        // No priority on the openai target: our default, 1.
        assertThat(imported.upstream("ai-providers-upstream").targets()).containsExactly(
                openAiAndAnthropicOnTheirPaths("ai-providers-upstream", List.of("gpt-3.5-turbo", "gpt-4",
                        "gpt-4o-mini"), "gpt-4o-mini", List.of("claude-3-sonnet"), "claude-3-sonnet"));
        // No --include-secrets: placeholders, never the input's values.
        assertThat(imported.credentials().values()).containsOnly("REPLACE_ME");
        assertThat(config.clientKeys()).extracting(key -> key.name()).containsExactly("test-key");
    }

    @Test
    void shouldImportConfigureUpstream() throws IOException {
        Imported imported = importAndCompile("-f", fixture("configure-upstream").toString(),
                "-f", fixture(ROUTE_TO_UPSTREAM).toString());

        assertThat(imported.config().gateway()).isEqualTo("gateway");
        assertThat(imported.config().routes()).containsExactly(new Route("v1", "/v1", List.of("POST"), false, true,
                "chat", null));
        assertThat(imported.config().services()).containsExactly(new Service("chat", "ai-providers-upstream"));
        Upstream upstream = imported.upstream("ai-providers-upstream");
        assertThat(upstream.algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
        assertThat(upstream.healthChecks()).isEqualTo(PASSIVE_3_60);
        assertThat(upstream.targets()).containsExactly(openAiAndAnthropicOnTheirPaths("ai-providers-upstream",
                List.of("gpt-3.5-turbo", "gpt-4", "gpt-4o-mini"), "gpt-4o-mini",
                List.of("claude-3-5-sonnet-20241022"), "claude-3-5-sonnet-20241022"));
        assertThat(imported.run().err()).contains("AIGateway gateway: gateway_id: not carried over: the gateway");
    }

    @Test
    void shouldImportLoadBalancingWithTheServiceOnTheUpstreamCreatedLast() throws IOException {
        Imported imported = importAndCompile("-f", fixture("load-balancing").toString(), "--include-secrets");
        RoutingConfig config = imported.config();

        assertThat(config.routes()).containsExactly(new Route("ai", "/ai", List.of("POST"), true, true,
                "load-balanced-service", null));
        assertThat(config.services()).containsExactly(new Service("load-balanced-service", "weighted-upstream"));
        Upstream upstream = imported.upstream("weighted-upstream");
        assertThat(upstream.algorithm()).isEqualTo(Algorithm.WEIGHTED_ROUND_ROBIN);
        assertThat(upstream.healthChecks()).isEqualTo(PASSIVE_3_60);
        assertThat(upstream.targets()).containsExactly(
                new Target("openai", Provider.OPENAI, OPENAI, null, 60, 1,
                        List.of("gpt-3.5-turbo", "gpt-4", "gpt-4o-mini"), "gpt-4o-mini", Map.of(), Map.of(),
                        new Credentials("weighted-upstream.openai.apiKey", null, null, null), null, null),
                // Authorization is not the header Anthropic reads its key from: sent as is, as TrustGate does.
                new Target("anthropic", Provider.ANTHROPIC, ANTHROPIC, null, 40, 1,
                        List.of("claude-3-5-sonnet-20241022"), "claude-3-5-sonnet-20241022", Map.of(), Map.of(),
                        new Credentials(null, new Credentials.HeaderCredential("Authorization",
                                "weighted-upstream.anthropic.header"), null, null), null, null));
        assertThat(imported.credentials()).containsEntry("weighted-upstream.openai.apiKey", "your-openai-key")
                .containsEntry("weighted-upstream.anthropic.header", "Bearer your-anthropic-key");
        assertThat(imported.run().err())
                .contains("AIService load-balanced-service (" + fixture("load-balancing").resolve(
                        "03-create-service.json") + "): upstream_id: converted: '{upstream-id}' is a placeholder; "
                        + "taken as upstream weighted-upstream, the last one before it in the input")
                .contains("targets[0].provider: converted: not set (a plain host target); openai is the API of "
                        + "api.openai.com");
    }

    @Test
    void shouldImportThePriorityFallbackTargetsOfLoadBalancing() throws IOException {
        Imported imported = importAndCompile("-f", fixture("load-balancing-priority-fallback").toString(),
                "-f", fixture(ROUTE_TO_UPSTREAM).toString());

        assertThat(imported.upstream("upstream").targets()).containsExactly(
                new Target("openai", Provider.OPENAI, OPENAI, null, 100, 1, List.of(), null, Map.of(), Map.of(), null,
                null, null),
                new Target("anthropic", Provider.ANTHROPIC, ANTHROPIC, null, 100, 2, List.of(), null, Map.of(),
                        Map.of(), null, null, null));
        assertThat(imported.run().err()).contains("AIUpstream upstream (").contains("): name: not carried over: "
                + "missing; named upstream");
    }

    @TestFactory
    Stream<DynamicTest> shouldImportEveryProviderExampleOfBalancingAiProvidersV2() throws IOException {
        Map<String, Target> expected = Map.of(
                "1-openai-responses.json", new Target("openai", Provider.OPENAI, OPENAI, null, 50, 1,
                        List.of("gpt-3.5-turbo", "gpt-4", "gpt-4o-mini"), "gpt-4o-mini", Map.of(),
                        Map.of("api", "responses"),
                        new Credentials("upstream-service-name.openai.apiKey", null, null, null), null, null),
                "2-anthropic.json", new Target("anthropic", Provider.ANTHROPIC, ANTHROPIC, null, 50, 1,
                        List.of("claude-3-5-sonnet-20241022"), "claude-3-5-sonnet-20241022",
                        Map.of("anthropic-version", "2023-06-01"), Map.of(),
                        new Credentials("upstream-service-name.anthropic.apiKey", null, null, null), null, null),
                "3-gemini.json", new Target("gemini", Provider.GEMINI,
                        new Endpoint("https", "generativelanguage.googleapis.com", 443, "/v1beta"), null, 50, 1,
                        List.of("gemini-2.0-flash-001"), "gemini-2.0-flash-001", Map.of(), Map.of(),
                        new Credentials("upstream-service-name.gemini.apiKey", null, null, null), null, null),
                "4-bedrock.json", bedrock(null),
                "5-bedrock-anthropic.json", bedrock("upstream-service-name.bedrock.sessionToken"),
                "6-azure.json", new Target("azure", Provider.AZURE,
                        new Endpoint("https", "example2.cognitiveservices.azure.com", 443, ""), null, 50, 1,
                        List.of("gpt-4o-mini"), "gpt-4o-mini", Map.of(), Map.of(), new Credentials(null, null, null,
                                new Credentials.AzureCredentials("upstream-service-name.azure.apiKey", "gpt-4o-mini",
                                        "2024-10-21")), null, null));
        try (Stream<Path> files = Files.list(fixture("balancing-ai-providers-v2-provider-examples"))) {
            List<Path> examples = files.sorted().toList();
            assertThat(examples).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            return examples.stream().map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
                Imported imported = importAndCompile("-f", example.toString(),
                        "-f", fixture(ROUTE_TO_UPSTREAM).toString());
                assertThat(imported.upstream("upstream-service-name").targets())
                        .containsExactly(expected.get(example.getFileName().toString()));
            }));
        }
    }

    @Test
    void shouldWriteNoCredentialUnlessAskedTo() throws IOException {
        Run placeholders = run("-f", fixture("balancing-ai-providers").toString());
        Run copied = run("-f", fixture("balancing-ai-providers").toString(), "--include-secrets");

        assertThat(placeholders.exit()).isZero();
        assertThat(placeholders.out()).contains("openai: REPLACE_ME").doesNotContain("your-openai-key",
                "your-anthropic-key");
        assertThat(placeholders.err()).contains("the Secrets hold placeholders");
        assertThat(copied.out()).contains("openai: your-openai-key", "anthropic: your-anthropic-key");

        Path out = dir.resolve("out");
        assertThat(run("-f", fixture("balancing-ai-providers").toString(), "--include-secrets", "-o",
                out.toString()).exit()).isZero();
        assertThat(Files.getPosixFilePermissions(out.resolve(ImportCommand.SECRETS_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(out.resolve(ImportCommand.RESOURCES_FILE))).doesNotContain("your-openai-key");
    }

    @Test
    void shouldFailOnlyWhenNothingIsImportedOrWhenStrict() throws IOException {
        String example = fixture("balancing-ai-providers-v2-provider-examples").resolve("4-bedrock.json").toString();
        assertThat(run("-f", example).exit()).as("stream and empty keys are not carried over").isZero();
        Run strict = run("-f", example, "--strict");
        assertThat(strict.exit()).isEqualTo(Aigw.PROBLEMS);
        assertThat(strict.out()).as("written all the same").contains("kind: AIUpstream");

        Run nothing = run("-f", fixture("route-to-upstream").toString());
        assertThat(nothing.exit()).isEqualTo(Aigw.PROBLEMS);
        assertThat(nothing.out()).isEmpty();
        assertThat(nothing.err()).contains("upstream_id: not carried over: refers to upstream '{upstream_id}', "
                + "which is not in the input; not imported").endsWith("nothing imported\n");
    }

    @Test
    void shouldSayWhereJsonIsBrokenWithoutQuotingIt() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"),
                "{\"name\": \"u\",\n \"targets\": [{\"credentials\": {\"api_key\": sk-live-0123}}]}");

        Run run = run("-f", broken.toString());

        assertThat(run.exit()).isEqualTo(Aigw.PROBLEMS);
        assertThat(run.err()).contains(broken + ": not valid JSON at line 2, column").doesNotContain("sk-live");
        assertThat(run.out()).isEmpty();

        Path twoDocuments = Files.writeString(dir.resolve("lines.json"),
                "{\"name\": \"a\", \"subdomain\": \"a\"}\n{\"name\": \"b\", \"subdomain\": \"b\"}\n");
        Run second = run("-f", twoDocuments.toString());
        assertThat(second.exit()).as("not the first alone").isEqualTo(Aigw.PROBLEMS);
        assertThat(second.err()).contains(twoDocuments + ": not valid JSON at line 2, column");
    }

    @Test
    void shouldReadStdin() {
        String requests = """
                [{"request": "POST /api/v1/gateways", "body": {"name": "edge", "subdomain": "edge"}},
                 {"request": "POST /api/v1/gateways/{gateway_id}/keys", "body": {"name": "ci"}}]
                """;

        Run run = run(new ByteArrayInputStream(requests.getBytes(StandardCharsets.UTF_8)), "-f", "-",
                "--base-domain", "ai.example.com", "-n", "team-a");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("name: edge\n  namespace: team-a", "- edge.ai.example.com",
                "gatewayRef:\n    name: edge");
    }

    private static Target bedrock(String sessionToken) {
        return new Target("bedrock", Provider.BEDROCK,
                new Endpoint("https", "bedrock-runtime.eu-west-1.amazonaws.com", 443, ""), null, 50, 1,
                List.of("eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon.titan-text-express-v1",
                        "eu.meta.llama3-2-1b-instruct-v1:0", "eu.mistral.pixtral-large-2502-v1:0",
                        "deepseek-llm-r1-distill-llama-8b"), "eu.anthropic.claude-3-5-sonnet-20240620-v1:0",
                Map.of("anthropic-version", "2023-06-01"), Map.of(), new Credentials(null, null,
                        new Credentials.AwsCredentials("eu-west-1", "upstream-service-name.bedrock.accessKeyId",
                                "upstream-service-name.bedrock.secretAccessKey", sessionToken), null), null, null);
    }
}
