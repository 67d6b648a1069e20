package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands, run in process with captured output. */
class AigwTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Aigw.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<HasMetadata> documents(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> !document.isBlank())
                .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document))
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> shouldCompileEverySample() throws IOException {
        return TestPaths.scenarios().stream().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(),
                () -> {
                    String gateway = gatewayName(scenario);
                    Run run = run("compile", "-f", scenario.toString());

                    assertThat(run.exit()).as(run.err()).isZero();
                    List<HasMetadata> objects = documents(run.out());
                    assertThat(objects).extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                            .containsExactly("ConfigMap " + gateway + "-routing", "Secret " + gateway + "-credentials");
                    ConfigMap configMap = (ConfigMap) objects.get(0);
                    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("default");
                    RoutingConfig config = RoutingConfigJson.read(
                            configMap.getData().get(RoutingConfigJson.CONFIG_MAP_KEY));
                    assertThat(config.revision()).isNotBlank();
                    Secret credentials = (Secret) objects.get(1);
                    assertThat(credentials.getData()).isNotEmpty();
                }));
    }

    @Test
    void shouldCompileDeterministically() throws IOException {
        Path scenario = TestPaths.scenarios().get(0);
        assertThat(run("compile", "-f", scenario.toString()).out())
                .isEqualTo(run("compile", "-f", scenario.toString()).out());
    }

    @Test
    void shouldCompileAllSamplesFromTheSamplesDirectory() throws IOException {
        Run run = run("compile", "-f", TestPaths.samples().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(documents(run.out())).hasSize(2 * TestPaths.scenarios().size());
    }

    @TestFactory
    Stream<DynamicTest> shouldValidateEverySample() throws IOException {
        return TestPaths.scenarios().stream().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(),
                () -> {
                    Run run = run("validate", "-f", scenario.toString());

                    assertThat(run.exit()).as(run.out() + run.err()).isZero();
                    assertThat(run.out()).matches("\\d+ resources valid\\n");
                }));
    }

    @Test
    void shouldValidateAMultiDocumentFileGivenTwiceAndADirectory() throws IOException {
        Path scenario = TestPaths.scenarios().get(0);
        Path combined = dir.resolve("combined.yaml");
        Files.writeString(combined, Files.readString(scenario.resolve("secrets.yaml")) + "\n---\n"
                + Files.readString(scenario.resolve("gateway.yaml")));
        Path other = Files.createDirectories(dir.resolve("more"));
        Files.writeString(other.resolve("configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        Run run = run("validate", "-f", combined.toString(), other.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).endsWith(" resources valid\n");
        assertThat(run.err()).contains("ignored 1 document(s) of other kinds");
    }

    @Test
    void shouldReportEveryProblemOnItsOwnLine() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: up}
                spec:
                  targets:
                    - {name: a, provider: openai, weight: 0}
                    - {name: a, provider: openai, priority: 0}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: chat, namespace: team-a}
                spec:
                  gatewayRef: {name: gw}
                  serviceRef: {name: svc}
                  path: v1
                """);

        Run run = run("validate", "-f", bad.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
                "AIUpstream default/up: spec.targets: target names must be unique within an upstream (" + bad + "#1)",
                "AIUpstream default/up: spec.targets[0].weight: must have a minimum value of 1 (" + bad + "#1)",
                "AIUpstream default/up: spec.targets[1].priority: must have a minimum value of 1 (" + bad + "#1)",
                "AIRule team-a/chat: spec.path: does not match the regex pattern ^/ (" + bad + "#2)");
        assertThat(run.err()).contains("4 problem(s) in 2 resources");
    }

    @Test
    void shouldReportARepeatedMethodAndABadHostnameFromTheCompiler() throws IOException {
        Path file = Files.writeString(dir.resolve("compiler.yaml"), """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw}
                spec:
                  hostnames: [ai.example.com, Bad_Host]
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: chat}
                spec:
                  gatewayRef: {name: other}
                  serviceRef: {name: svc}
                  path: /v1
                  methods: [POST, GET, POST]
                """);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).contains(
                "AIGateway default/gw: InvalidHostname: hostname 'Bad_Host' must be a lower-case DNS name, "
                        + "optionally starting with '*.' (" + file + "#1)",
                "AIRule default/chat: InvalidMethod: method POST is listed twice (" + file + "#2)");
        assertThat(run.outLines()).allSatisfy(line ->
                assertThat(line).matches("(AIGateway default/gw|AIRule default/chat): [A-Z][A-Za-z]+: .+"));
    }

    private static final String GATEWAY_AND_KEY = """
            apiVersion: aigateway.io/v1alpha1
            kind: AIGateway
            metadata: {name: gw}
            spec: {}
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIKey
            metadata: {name: generated}
            spec:
              gatewayRef: {name: gw}
            """;

    private static final String UPSTREAM_WITH_MISSING_SECRET = """
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIUpstream
            metadata: {name: up}
            spec:
              targets:
                - name: openai
                  provider: openai
                  credentials:
                    apiKey: {name: not-in-git, key: openai}
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIService
            metadata: {name: svc}
            spec:
              upstreamRef: {name: up}
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIRule
            metadata: {name: chat}
            spec:
              gatewayRef: {name: gw}
              serviceRef: {name: svc}
              path: /v1
            """;

    @Test
    void shouldNotReportAKeyTheOperatorGenerates() throws IOException {
        Path file = Files.writeString(dir.resolve("key.yaml"), GATEWAY_AND_KEY);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).isEqualTo("2 resources valid\n");
    }

    @Test
    void shouldReportAMissingSecretUnlessTold() throws IOException {
        Path file = Files.writeString(dir.resolve("upstream.yaml"), GATEWAY_AND_KEY + UPSTREAM_WITH_MISSING_SECRET);

        Run strict = run("validate", "-f", file.toString());
        Run lenient = run("validate", "--ignore-missing-secrets", "-f", file.toString());

        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.outLines()).anySatisfy(line ->
                assertThat(line).startsWith("AIUpstream default/up: SecretNotFound: ").endsWith("(" + file + "#3)"));
        assertThat(lenient.exit()).as(lenient.out()).isZero();
        assertThat(lenient.out()).isEqualTo("5 resources valid\n");
    }

    private static final String REDIS_GATEWAY_AND_LIMITED_KEY = """
            apiVersion: aigateway.io/v1alpha1
            kind: AIGateway
            metadata: {name: gw}
            spec:
              defaultKeyLimits: {requestsPerMinute: 60}
              rateLimitStore:
                type: redis
                address: rediss://redis.cache.svc:6380
                passwordSecretRef: {name: redis-auth, key: password}
            ---
            apiVersion: aigateway.io/v1alpha1
            kind: AIKey
            metadata: {name: team-a}
            spec:
              gatewayRef: {name: gw}
              secretRef: {name: client-keys, key: team-a}
              budget: {amount: "25.00", period: month}
            """;

    @Test
    void shouldValidateAndCompileARedisStoreWithItsPasswordInTheCredentialsSecretOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("redis.yaml"), REDIS_GATEWAY_AND_LIMITED_KEY);
        Path secret = Files.writeString(dir.resolve("secret.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: redis-auth}
                stringData: {password: redis-s3cret}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client-keys}
                stringData: {team-a: client-key-a}
                """);

        Run strict = run("validate", "-f", file.toString());
        Run lenient = run("validate", "--ignore-missing-secrets", "-f", file.toString());
        Run compiled = run("compile", "-f", file.toString(), secret.toString());

        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.outLines()).anySatisfy(line -> assertThat(line).startsWith("AIGateway default/gw: "
                + "SecretNotFound: rate-limit store: spec.rateLimitStore.passwordSecretRef refers to Secret "
                + "'redis-auth'"));
        assertThat(lenient.exit()).as(lenient.out()).isZero();
        assertThat(compiled.exit()).as(compiled.err()).isZero();
        List<HasMetadata> objects = documents(compiled.out());
        String json = ((ConfigMap) objects.get(0)).getData().get(RoutingConfigJson.CONFIG_MAP_KEY);
        RoutingConfig config = RoutingConfigJson.read(json);
        assertThat(config.rateLimitStore().passwordEntry()).isEqualTo("rateLimitStore.password");
        assertThat(config.clientKeys().get(0).limits().requestsPerMinute()).isEqualTo(60);
        assertThat(config.clientKeys().get(0).budget().amount()).isEqualTo("25.00");
        assertThat(json).doesNotContain("redis-s3cret");
        assertThat(((Secret) objects.get(1)).getData()).containsKey("rateLimitStore.password");
    }

    @Test
    void shouldRefuseRedisSettingsUnderTheLocalStoreBeforeTheCompilerRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("local.yaml"), REDIS_GATEWAY_AND_LIMITED_KEY
                .replace("type: redis", "type: local"));

        Run run = run("validate", "--ignore-missing-secrets", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("AIGateway default/gw: spec.rateLimitStore: address, database, username, "
                + "usernameSecretRef, passwordSecretRef, failMode and timeoutMillis apply to type redis only");
    }

    @Test
    void shouldReportAProviderKeyOnTwoLinesWithoutQuotingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("two-lines.yaml"), GATEWAY_AND_KEY
                + UPSTREAM_WITH_MISSING_SECRET.replace("not-in-git", "pasted") + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: pasted}
                stringData:
                  openai: "sk-first-half\\nsk-second-half"
                """);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).anySatisfy(line -> assertThat(line)
                .startsWith("AIUpstream default/up: InvalidSecretValue: target openai: the value of Secret 'pasted' "
                        + "key 'openai' has a line break"));
        assertThat(run.out() + run.err()).doesNotContain("sk-first-half", "sk-second-half");
    }

    @Test
    void shouldReportTheCompilersDiagnostics() throws IOException {
        Path file = Files.writeString(dir.resolve("dangling.yaml"), """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw}
                spec: {}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: chat}
                spec:
                  gatewayRef: {name: gw}
                  serviceRef: {name: missing}
                  path: /v1
                """);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).anySatisfy(line ->
                assertThat(line).startsWith("AIRule default/chat: ServiceNotFound: ").endsWith("(" + file + "#2)"));
    }

    @Test
    void shouldFailOnUnreadableInput() throws IOException {
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: [\n");

        Run validate = run("validate", "-f", bad.toString());
        Run compile = run("compile", "-f", bad.toString());

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.out()).startsWith(bad + ":3:1: malformed YAML in document 1: ");
        assertThat(compile.exit()).isEqualTo(1);
        assertThat(compile.out()).isEmpty();
        assertThat(compile.err()).startsWith(bad + ":3:1: malformed YAML in document 1: ");
    }

    @Test
    void shouldFailToValidateAnEmptyFileOrDirectoryUnlessAllowed() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing here yet\n");
        Path emptyDir = Files.createDirectories(dir.resolve("nothing"));

        Run file = run("validate", "-f", empty.toString());
        Run directory = run("validate", "-f", emptyDir.toString());
        Run allowed = run("validate", "--allow-empty", "-f", empty.toString(), emptyDir.toString());

        assertThat(file.exit()).isEqualTo(1);
        assertThat(file.out()).isEqualTo("no resources in " + empty + ": nothing was validated; pass --allow-empty "
                + "if that is expected\n");
        assertThat(directory.exit()).isEqualTo(1);
        assertThat(directory.out()).startsWith("no resources in " + emptyDir + ": ");
        assertThat(allowed.exit()).as(allowed.out()).isZero();
        assertThat(allowed.out()).isEqualTo("0 resources valid\n");
    }

    @Test
    void shouldFailToCompileWhenThereIsNoGatewayToPrint() {
        Run run = run("compile", "-f", TestPaths.samples().resolve("local").resolve("secrets.yaml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nothing to print: no AIGateway in the input");
    }

    @Test
    void shouldFailToCompileAGatewayTheApiServerWouldRejectAndSayWhy() throws IOException {
        Path local = TestPaths.samples().resolve("local");
        Path gateway = Files.writeString(dir.resolve("gateway.yaml"), Files.readString(local.resolve("gateway.yaml"))
                .replace("spec:\n  clientKeyHeaders:", "spec:\n  proxy: {replicas: -1}\n  clientKeyHeaders:"));

        Run run = run("compile", "-f", gateway.toString(), local.resolve("secrets.yaml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(
                "AIGateway default/local: spec.proxy.replicas: must have a minimum value of 0 (" + gateway + "#1)",
                "AIGateway default/local: not printed: the API server would reject it (see above)");
    }

    @Test
    void shouldPrintTheOtherGatewaysAndFailNamingTheOneTooLargeToPrint() throws IOException {
        // A provider key of 1.1 MB: the credentials no longer fit in one Secret.
        Path huge = localSampleIn("huge", UnaryOperator.identity(),
                secrets -> secrets.replace("mock: sk-local-mock-provider-key", "mock: sk-" + "p".repeat(1_100_000)));

        Run run = run("compile", "-f", huge.toString(), TestPaths.samples().resolve("round-robin").toString());
        Run alone = run("compile", "-f", huge.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(documents(run.out())).extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .containsExactly("ConfigMap multi-provider-routing", "Secret multi-provider-credentials");
        assertThat(alone.exit()).isEqualTo(1);
        assertThat(alone.out()).isEmpty();
        assertThat(alone.err()).contains("AIGateway default/local: Ready=False ConfigTooLarge: its credentials (",
                "AIGateway default/local: not printed: its config is too large (see ConfigTooLarge above)");
    }

    @Test
    void shouldPrintAConfigTooLargeForOneConfigMapAsItsShardsThenTheManifestListingThem() throws IOException {
        // A header of 1.1 MB that gzip cannot shrink below a shard: the config takes several.
        Random random = new Random(1);
        StringBuilder padding = new StringBuilder();
        while (padding.length() < 1_100_000) {
            padding.append(Long.toHexString(random.nextLong()));
        }
        Path large = localSampleIn("large", gateway -> gateway.replaceFirst("      priority: 1\n",
                "      priority: 1\n      headers: {x-padding: " + padding + "}\n"), UnaryOperator.identity());

        Run run = run("compile", "-f", large.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<HasMetadata> objects = documents(run.out());
        assertThat(objects).extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .hasSizeGreaterThan(3)
                .endsWith("ConfigMap local-routing", "Secret local-credentials");
        assertThat(objects.subList(0, objects.size() - 2))
                .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .allSatisfy(name -> assertThat(name).matches("ConfigMap local-routing-[0-9a-f]{16}"));
        Map<String, byte[]> shards = new HashMap<>();
        for (HasMetadata shard : objects.subList(0, objects.size() - 2)) {
            shards.put(shard.getMetadata().getName(), Base64.getDecoder().decode(
                    ((ConfigMap) shard).getBinaryData().get(RoutingConfigShards.SHARD_KEY)));
        }
        ConfigMap manifest = (ConfigMap) objects.get(objects.size() - 2);
        assertThat(manifest.getData()).containsOnlyKeys(RoutingConfigShards.MANIFEST_KEY);
        RoutingConfig config = RoutingConfigJson.read(RoutingConfigShards.assemble(
                RoutingConfigShards.Manifest.fromJson(manifest.getData().get(RoutingConfigShards.MANIFEST_KEY)),
                shards));
        assertThat(config.upstreams().get(0).targets().get(0).headers().get("x-padding")).isEqualTo(padding.toString());
    }

    /** A copy of samples/local in {@code name}, its gateway.yaml and secrets.yaml changed as given. */
    private Path localSampleIn(String name, UnaryOperator<String> gateway, UnaryOperator<String> secrets)
            throws IOException {
        Path sample = TestPaths.samples().resolve("local");
        Path copy = Files.createDirectories(dir.resolve(name));
        for (String file : List.of("gateway.yaml", "secrets.yaml")) {
            UnaryOperator<String> change = file.equals("gateway.yaml") ? gateway : secrets;
            Files.writeString(copy.resolve(file), change.apply(Files.readString(sample.resolve(file))));
        }
        return copy;
    }

    @Test
    void shouldSayAReferencedResourceWasRejectedRatherThanMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("rejected.yaml"), GATEWAY_AND_KEY + UPSTREAM_WITH_MISSING_SECRET
                .replace("upstreamRef: {name: up}", "upstreamRef: {name: up}\n  descripton: a typo") + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: not-in-git}
                data:
                  openai: c2stb3Blbm@FpLWtleQ==
                """);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).contains(
                "AIService default/svc: spec.descripton: unknown field (" + file + "#4)",
                "AIRule default/chat: ServiceNotFound: AIService 'svc' was rejected (see above) (" + file + "#5)",
                "Secret default/not-in-git: data.openai: not valid base64 (" + file + "#6)",
                "AIUpstream default/up: SecretNotFound: target openai: credentials.apiKey refers to Secret "
                        + "'not-in-git', which was rejected (see above); create it or fix the name (" + file + "#3)");
        assertThat(run.out()).doesNotContain("does not exist");
    }

    @Test
    void shouldRejectSecretDataThatIsNotStrictBase64WithoutPrintingIt() throws IOException {
        // '@' is no base64 character: a lenient decoder skips it and hands on whatever the rest decodes to. Line
        // breaks are fine, as for the API server.
        Path file = Files.writeString(dir.resolve("secret.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: provider-keys, namespace: team-a}
                data:
                  good: |
                    c2stb3Bl
                    bmFpLWtleQ==
                  bad: c2stb3Blbm@FpLWtleQ==
                """);

        Run run = run("validate", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
                "Secret team-a/provider-keys: data.bad: not valid base64 (" + file + "#1)");
        assertThat(run.out() + run.err()).doesNotContain("c2stb3Blbm", "FpLWtleQ");
    }

    @Test
    void shouldExplainTheExemptionsInHelp() {
        Run run = run("validate", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("KeyNotGenerated", "--ignore-missing-secrets", "SecretNotFound");
    }

    @Test
    void shouldRejectAMissingFilename() {
        assertThat(run("compile").exit()).isEqualTo(2);
    }

    private static String gatewayName(Path scenario) throws IOException {
        return documents(Files.readString(scenario.resolve("gateway.yaml"))).stream()
                .filter(o -> o.getKind().equals("AIGateway"))
                .map(o -> o.getMetadata().getName())
                .findFirst().orElseThrow();
    }
}
