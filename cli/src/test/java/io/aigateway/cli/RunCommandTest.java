package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.AigwTest.Run;
import io.aigateway.cli.RunCompilation.Choice;
import io.aigateway.cli.RunCompilation.Found;
import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.LatencyRouting;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.Upstream;
import io.aigateway.cli.run.RedisOverride;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigw run}'s refusals, which come before anything listens, and what it prints about the routes. */
class RunCommandTest {

    @TempDir
    Path dir;

    private static Path sample(String name) {
        return TestPaths.samples().resolve(name);
    }

    @Test
    void shouldRefuseToRunWithoutAGateway() {
        Run run = AigwTest.run("run", "-f", sample("local").resolve("secrets.yaml").toString(), "--port", "0",
                "--admin-port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("aigw run: nothing to serve: no AIGateway in the input");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseToRunTwoGatewaysWithoutBeingToldWhichOne() {
        Run run = AigwTest.run("run", "-f", sample("local").toString(), sample("round-robin").toString(),
                "--port", "0", "--admin-port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("2 AIGateways in the input [default/local, default/multi-provider]",
                "pick one with --gateway NAME");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseAGatewayNameThatIsNotInTheInput() {
        Run run = AigwTest.run("run", "-f", sample("local").toString(), "--gateway", "other", "--port", "0",
                "--admin-port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no accepted AIGateway other in the input; accepted: [default/local]");
    }

    @Test
    void shouldRefuseAGatewayWhoseSpecIsInvalidAndSayWhy() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw}
                spec:
                  clientKeyHeaders:
                    - name: "bad header"
                """);

        Run run = AigwTest.run("run", "-f", bad.toString(), "--port", "0", "--admin-port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("AIGateway default/gw: spec.clientKeyHeaders[0].name: does not match the "
                + "regex pattern", "no accepted AIGateway in the input");
    }

    @Test
    void shouldRefuseUnreadableInput() {
        Run run = AigwTest.run("run", "-f", dir.resolve("missing.yaml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nothing to serve: the input cannot be read: " + dir.resolve("missing.yaml")
                + ": no such file or directory");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseToStartWhenTheApiServerWouldRejectTheOnlyGatewayAndSayWhy() throws IOException {
        Path local = copyOfLocalSample();
        Path gateway = local.resolve("gateway.yaml");
        Files.writeString(gateway, Files.readString(gateway).replace("spec:\n  clientKeyHeaders:",
                "spec:\n  proxy: {replicas: -1}\n  clientKeyHeaders:"));

        Run run = AigwTest.run("run", "-f", local.toString(), "--port", "0", "--admin-port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(
                "AIGateway default/local: spec.proxy.replicas: must have a minimum value of 0 (" + gateway + "#1)",
                "AIRule default/local-v1: ResolvedRefs=False GatewayNotFound: AIGateway 'local' was rejected (see "
                        + "above)",
                "aigw run: nothing to serve: no accepted AIGateway in the input");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldReportWhatTheApiServerWouldRejectAndCompileTheRest() throws IOException {
        Path local = copyOfLocalSample();
        Path broken = Files.writeString(local.resolve("broken.yaml"), REJECTED);
        RunCompilation compilation = RunCompilation.of(options(local), new RoutingCompiler(Clock.systemUTC()));

        assertThat(compilation.rejections()).containsExactlyElementsOf(rejectionsOf(broken));
        assertThat(compilation.choose(null).found().compiled().config().routes()).hasSize(1);
    }

    @Test
    void shouldKeepThePreviousVersionOfAResourceTheApiServerWouldReject() throws IOException {
        Path local = copyOfLocalSample();
        Path gateway = local.resolve("gateway.yaml");
        String original = Files.readString(gateway);
        RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());
        RunCompilation first = RunCompilation.of(options(local), compiler);
        Files.writeString(gateway, original.replaceFirst("      priority: 1\n", "      priority: 1\n      weight: 0\n"));

        RunCompilation second = RunCompilation.of(options(local), compiler, first);
        // Still rejected the next time: still the version from before the first edit.
        RunCompilation third = RunCompilation.of(options(local), compiler, second);
        RunCompilation fresh = RunCompilation.of(options(local), compiler);

        for (RunCompilation again : List.of(second, third)) {
            assertThat(again.rejections()).containsExactly("AIUpstream default/local-mocks: spec.targets[0].weight: "
                    + "must have a minimum value of 1 (" + gateway + "#2)");
            assertThat(again.kept()).containsExactly(new ResourceRef("AIUpstream", "default", "local-mocks"));
            Choice choice = again.again(first.choose(null).found());
            assertThat(choice.found().compiled().configJson()).isEqualTo(first.choose(null).found().compiled()
                    .configJson());
        }
        // Without a version from before, the upstream is left out as in a cluster, and the rule says why.
        assertThat(fresh.kept()).isEmpty();
        assertThat(fresh.choose(null).found().compiled().config().routes()).singleElement()
                .satisfies(route -> assertThat(route.unavailable()).contains("was rejected"));
        assertThat(fresh.diagnostics()).extracting(Object::toString).anySatisfy(line -> assertThat(line)
                .contains("AIRule default/local-v1", "AIUpstream 'local-mocks', which was rejected (see above)"));
    }

    @Test
    void shouldSayWhyTheServedGatewayIsGoneWhenReloading() throws IOException {
        Path local = copyOfLocalSample();
        Path gateway = local.resolve("gateway.yaml");
        String original = Files.readString(gateway);
        RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());
        RunCompilation first = RunCompilation.of(options(local), compiler);
        Found served = first.choose(null).found();

        // A hostname only the compiler checks: the schema lets it through.
        Files.writeString(gateway, original.replace("spec:\n  clientKeyHeaders:", "spec:\n  hostnames: [Bad_Host]\n"
                + "  clientKeyHeaders:"));
        String notAccepted = RunCompilation.of(options(local), compiler, first).again(served).problem();
        Files.writeString(gateway, original.replace("kind: AIGateway", "kind: AIGatewayTypo"));
        String unreadable = RunCompilation.of(options(local), compiler, first).again(served).problem();
        Files.writeString(gateway, original.substring(original.indexOf("---")));
        String gone = RunCompilation.of(options(local), compiler, first).again(served).problem();

        assertThat(notAccepted).startsWith("AIGateway default/local is not accepted: ").contains("hostname 'Bad_Host'");
        assertThat(unreadable).isEqualTo("the input cannot be read: " + gateway
                + "#1: unknown kind AIGatewayTypo in aigateway.io/v1alpha1");
        assertThat(gone).isEqualTo("AIGateway default/local is no longer in the input");
    }

    /** A bad target host, a bad Bedrock region, a Secret that is not base64: what {@link #rejectionsOf} says. */
    static final String REJECTED = """
            apiVersion: aigateway.io/v1alpha1
            kind: AIUpstream
            metadata: {name: bad-host}
            spec:
              targets:
                - {name: a, provider: openai-compatible, host: "api.example.com/v1"}
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIUpstream
            metadata: {name: bad-region}
            spec:
              targets:
                - name: claude
                  provider: bedrock
                  credentials:
                    aws:
                      region: Mars-1
                      accessKeyId: {name: aws, key: id}
                      secretAccessKey: {name: aws, key: secret}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: bad-base64}
            data:
              key: c2stb3Blbm@FpLWtleQ==
            """;

    /** What 'aigw validate' and 'aigw run' say about {@link #REJECTED} written to {@code file}. */
    static List<String> rejectionsOf(Path file) {
        return List.of(
                "AIUpstream default/bad-host: spec.targets[0].host: does not match the regex pattern "
                        + "^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$ (" + file + "#1)",
                "AIUpstream default/bad-region: spec.targets[0].credentials.aws.region: does not match the regex "
                        + "pattern ^[a-z]{2}(-[a-z]+)+-[0-9]+$ (" + file + "#2)",
                "Secret default/bad-base64: data.key: not valid base64 (" + file + "#3)");
    }

    private Path copyOfLocalSample() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("local"));
        for (String file : List.of("gateway.yaml", "secrets.yaml")) {
            Files.copy(sample("local").resolve(file), copy.resolve(file));
        }
        return copy;
    }

    private static InputOptions options(Path... paths) {
        InputOptions options = new InputOptions();
        options.paths = List.of(paths);
        options.namespace = "default";
        return options;
    }

    @Test
    void shouldCountInTheRedisOfTheCommandLineWithItsPasswordOnlyInTheCredentials() {
        Found local = RunCompilation.of(options(sample("local")), new RoutingCompiler(Clock.systemUTC()))
                .choose(null).found();

        CompiledGateway served = new RedisOverride("redis://127.0.0.1:6390", "s3cret-redis").apply(local.compiled());

        RoutingConfig config = RoutingConfigJson.read(served.configJson());
        assertThat(config.rateLimitStore()).isEqualTo(new RateLimitStore("redis://127.0.0.1:6390", 0, null,
                RateLimitStore.PASSWORD_ENTRY, RateLimitStore.FailMode.OPEN, RateLimitStore.DEFAULT_TIMEOUT_MILLIS));
        assertThat(served.credentials()).containsEntry(RateLimitStore.PASSWORD_ENTRY, "s3cret-redis")
                .containsAllEntriesOf(local.compiled().credentials());
        assertThat(served.configJson()).doesNotContain("s3cret-redis");
        List<String> summary = RunCommand.describe(config);
        assertThat(summary.get(summary.size() - 1)).isEqualTo("rate-limit store: redis://127.0.0.1:6390 (database 0, "
                + "failMode open, timeout 250 ms, with a password)");
    }

    @Test
    void shouldRefuseARedisUrlHoldingAPasswordWithoutEchoingIt() throws IOException {
        Run withPassword = AigwTest.run("run", "-f", sample("local").toString(), "--port", "0", "--admin-port", "0",
                "--redis", "redis://:hunter2@127.0.0.1:6379");
        Path password = Files.writeString(dir.resolve("redis-password"), "hunter2\n");
        Run fileAlone = AigwTest.run("run", "-f", sample("local").toString(), "--port", "0", "--admin-port", "0",
                "--redis-password-file", password.toString());

        assertThat(withPassword.exit()).isEqualTo(2);
        assertThat(withPassword.err()).contains("--redis must not hold a user or password; give the password with "
                + "--redis-password-file or the environment variable AIGW_REDIS_PASSWORD")
                .doesNotContain("hunter2");
        assertThat(withPassword.out()).isEmpty();
        assertThat(fileAlone.exit()).isEqualTo(2);
        assertThat(fileAlone.err()).contains("--redis-password-file needs --redis");
    }

    @Test
    void shouldRejectTheSamePortTwice() {
        Run run = AigwTest.run("run", "-f", sample("local").toString(), "--port", "9999", "--admin-port", "9999");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--port and --admin-port must differ");
    }

    @Test
    void shouldRejectANegativeEventLoopCount() {
        Run run = AigwTest.run("run", "-f", sample("local").toString(), "--port", "0", "--admin-port", "0",
                "--event-loops", "-1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--event-loops must be 0 (one per CPU) or more, was -1");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldPickOneOfSeveralGatewaysByName() {
        RunCompilation compilation = RunCompilation.of(options(sample("local"), sample("round-robin")),
                new RoutingCompiler(Clock.systemUTC()));

        assertThat(compilation.choose("local").found().ref()).isEqualTo("default/local");
        assertThat(compilation.choose("default/multi-provider").found().ref()).isEqualTo("default/multi-provider");
        assertThat(compilation.choose("other/local").problem()).contains("no accepted AIGateway other/local");
    }

    @Test
    void shouldDescribeTheRoutesWithoutKeysOrCredentials() {
        Found local = RunCompilation.of(options(sample("local")), new RoutingCompiler(Clock.systemUTC()))
                .choose(null).found();

        List<String> lines = RunCommand.describe(RoutingConfigJson.read(local.compiled().configJson()));

        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).isEqualTo("  /v1 GET,POST -> service local-chat -> upstream local-mocks (round-robin, "
                + "2 failures in a row take a target out for 10 s, up to 2 attempts)");
        assertThat(lines.get(2)).isEqualTo("      mock-a  http://127.0.0.1:9001/v1  priority 1, weight 1");
        assertThat(lines.get(3)).isEqualTo("      mock-b  http://127.0.0.1:9002/v1  priority 1, weight 1");
        assertThat(lines.get(4)).isEqualTo("client keys: local-demo");
        assertThat(lines.get(5)).isEqualTo("rate-limit store: local (this process counts alone)");
        assertThat(String.join("\n", lines)).doesNotContain("aigw-local-demo-key", "sk-local-mock-provider-key");
    }

    @Test
    void shouldDescribeTheLimitsPricesAndBreakerOfTheLoomSample() {
        Found loom = RunCompilation.of(options(sample("loom-routing")), new RoutingCompiler(Clock.systemUTC()))
                .choose(null).found();

        List<String> lines = RunCommand.describe(RoutingConfigJson.read(loom.compiled().configJson()));

        assertThat(lines.get(1)).endsWith("-> upstream loom-providers (round-robin, 5 failures in a row take a target "
                + "out for 60 s, targets probed every 30 s, up to 3 attempts)");
        assertThat(lines.subList(2, 5)).containsExactly(
                "      openai  https://api.openai.com:443/v1  priority 1, weight 1, at most 500 requests/min, "
                        + "90000 tokens/min, costs 0.01 in, 0.03 out per 1k tokens",
                "      anthropic  https://api.anthropic.com:443/v1  priority 2, weight 1, at most 1000 requests/min, "
                        + "costs 0.015 in, 0.075 out per 1k tokens",
                "      local  http://llm-server:8000/v1  priority 3, weight 1, costs 0 in, 0 out per 1k tokens");
    }

    @Test
    void shouldNameTheLatencyWindowAndTheTrialsThatCloseABreaker() {
        RoutingConfig local = RoutingConfigJson.read(RunCompilation.of(options(sample("local")),
                new RoutingCompiler(Clock.systemUTC())).choose(null).found().compiled().configJson());
        Upstream mocks = local.upstreams().get(0);
        HealthChecks h = mocks.healthChecks();
        Upstream fastest = new Upstream(mocks.name(), Algorithm.LOWEST_LATENCY,
                new HealthChecks(h.passive(), h.threshold(), h.intervalSeconds(), 3, 2, h.active()), mocks.timeouts(),
                mocks.maxAttempts(), mocks.targets(), mocks.unsupportedFields(), mocks.maxConnectionsPerTarget(),
                mocks.modelRoutes(), mocks.modelMapping(), new LatencyRouting(120, 99.5));

        List<String> lines = RunCommand.describe(new RoutingConfig(local.schemaVersion(), local.revision(),
                local.gateway(), local.namespace(), local.hostnames(), local.clientKeyHeaders(),
                local.maxRequestBodyBytes(), local.routes(), local.services(), List.of(fastest), local.clientKeys(),
                local.clientTimeouts()));

        assertThat(lines.get(1)).endsWith("-> upstream local-mocks (lowest-latency at p99.5 over 120 s, 2 failures in "
                + "a row take a target out for 10 s, 3 successful trials bring it back, up to 2 attempts)");
    }

    @Test
    void shouldSayHowOftenTargetsAreProbed() throws IOException {
        for (Path file : Files.list(sample("local")).toList()) {
            Files.writeString(dir.resolve(file.getFileName()), Files.readString(file)
                    .replace("    interval: 10\n", "    interval: 10\n    active: {interval: 15}\n"));
        }
        Found probed = RunCompilation.of(options(dir), new RoutingCompiler(Clock.systemUTC())).choose(null).found();

        List<String> lines = RunCommand.describe(RoutingConfigJson.read(probed.compiled().configJson()));

        assertThat(lines.get(1)).endsWith("2 failures in a row take a target out for 10 s, targets probed every 15 s, "
                + "up to 2 attempts)");
    }

    @Test
    void shouldDescribeTheModelRoutesAndMappingOfAnUpstream() {
        RoutingConfig local = RoutingConfigJson.read(RunCompilation.of(options(sample("local")),
                new RoutingCompiler(Clock.systemUTC())).choose(null).found().compiled().configJson());
        Upstream mocks = local.upstreams().get(0);
        Upstream routed = new Upstream(mocks.name(), mocks.algorithm(), mocks.healthChecks(), mocks.timeouts(),
                mocks.maxAttempts(), mocks.targets(), mocks.unsupportedFields(), mocks.maxConnectionsPerTarget(),
                Map.of("gpt-4", List.of("mock-a"), "default", List.of("mock-b", "mock-a")),
                Map.of("fast", Map.of("mock-b", "llama-3.1-8b", "mock-a", "gpt-4o-mini")), mocks.latency());

        List<String> lines = RunCommand.describe(new RoutingConfig(local.schemaVersion(), local.revision(),
                local.gateway(), local.namespace(), local.hostnames(), local.clientKeyHeaders(),
                local.maxRequestBodyBytes(), local.routes(), local.services(), List.of(routed), local.clientKeys(),
                local.clientTimeouts()));

        assertThat(lines).hasSize(8);
        assertThat(lines.get(4)).isEqualTo("      model routes: default -> mock-b, mock-a; gpt-4 -> mock-a");
        assertThat(lines.get(5)).isEqualTo("      model mapping: fast -> mock-a: gpt-4o-mini, mock-b: llama-3.1-8b");
    }
}
