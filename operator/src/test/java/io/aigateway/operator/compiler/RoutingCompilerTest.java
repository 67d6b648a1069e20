package io.aigateway.operator.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RoutingConfigShards;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIRuleSpec;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.LocalRef;
import io.aigateway.operator.api.v1alpha1.TargetStatus;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingCompilerTest {

    private static final Path SAMPLES = Paths.get("../samples");
    private static final Path SCENARIOS = Paths.get("src/test/resources/compiler");
    private final RoutingCompiler compiler = new RoutingCompiler(CompilerGoldenFilesTest.CLOCK);

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> dirs = Files.list(SAMPLES)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("gateway.yaml"))).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldCompileEverySampleWithoutProblems(Path sample) throws IOException {
        CompileResult result = compiler.compile(TestResources.snapshot("default", yamlFiles(sample)));

        assertThat(result.gateways()).hasSize(1);
        assertThat(result.gateways().get(0).config().routes()).isNotEmpty();
        // An AIKey without secretRef waits for the operator to generate its Secret; nothing else may be wrong.
        assertThat(result.diagnostics())
                .allSatisfy(d -> assertThat(d.reason()).isIn(Reason.KEY_NOT_GENERATED, Reason.RESOURCES_NOT_ACCEPTED));
    }

    @Test
    void shouldGiveByteIdenticalOutputWhateverTheInputOrder() throws IOException {
        Snapshot snapshot = TestResources.snapshot("default",
                yamlFiles(SCENARIOS.resolve("route-order-and-flags")));
        CompileResult first = compiler.compile(snapshot);
        for (long seed = 0; seed < 5; seed++) {
            CompileResult shuffled = compiler.compile(shuffle(snapshot, new Random(seed)));
            assertThat(shuffled.gateways()).hasSameSizeAs(first.gateways());
            for (int i = 0; i < first.gateways().size(); i++) {
                assertThat(shuffled.gateways().get(i).configJson()).isEqualTo(first.gateways().get(i).configJson());
                assertThat(shuffled.gateways().get(i).credentials()).isEqualTo(first.gateways().get(i).credentials());
            }
            assertThat(shuffled.diagnostics()).isEqualTo(first.diagnostics());
        }
    }

    @Test
    void shouldSayAReferencedResourceThatTheInputHoldsButWasRejectedWasRejected() throws IOException {
        Snapshot full = TestResources.snapshot("default", yamlFiles(SCENARIOS.resolve("valid-round-robin")));
        ResourceRef service = ResourceRef.of(full.services().get(0));
        ResourceRef secret = new ResourceRef("Secret", "default", "provider-keys");
        Map<String, Map<String, String>> otherSecrets = new TreeMap<>(full.secrets());
        otherSecrets.remove(secret.name());
        Snapshot absent = new Snapshot("default", full.gateways(), full.upstreams(), List.of(), full.rules(),
                full.keys(), otherSecrets);
        Snapshot rejected = new Snapshot("default", full.gateways(), full.upstreams(), List.of(), full.rules(),
                full.keys(), otherSecrets, Set.of(service, secret));

        assertThat(messages(compiler.compile(absent))).contains(
                "AIService 'ai-chat' does not exist in namespace default",
                "target openai: credentials.apiKey refers to Secret 'provider-keys', which does not exist in "
                        + "namespace default; create it or fix the name");
        assertThat(messages(compiler.compile(rejected))).contains(
                "AIService 'ai-chat' was rejected (see above)",
                "target openai: credentials.apiKey refers to Secret 'provider-keys', which was rejected (see above)"
                        + "; create it or fix the name")
                .noneMatch(message -> message.contains("does not exist"));
    }

    private static List<String> messages(CompileResult result) {
        return result.diagnostics().stream().map(Diagnostic::message).toList();
    }

    @Test
    void shouldChangeTheRevisionOnlyWhenTheConfigChanges() throws IOException {
        Snapshot snapshot = TestResources.snapshot("default", yamlFiles(SCENARIOS.resolve("valid-round-robin")));
        String revision = compiler.compile(snapshot).gateways().get(0).config().revision();
        assertThat(compiler.compile(snapshot).gateways().get(0).config().revision()).isEqualTo(revision);

        snapshot.rules().get(0).getSpec().setPath("/v2");
        assertThat(compiler.compile(snapshot).gateways().get(0).config().revision()).isNotEqualTo(revision);
    }

    @Test
    void shouldShardAConfigTooLargeForOneConfigMapIntoShardsThatAssembleToIt() throws IOException {
        Snapshot base = TestResources.snapshot("default", yamlFiles(SCENARIOS.resolve("valid-round-robin")));
        AIRule template = base.rules().get(0);
        List<AIRule> rules = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            AIRule rule = new AIRule();
            rule.setMetadata(new ObjectMetaBuilder().withName("rule-" + i).withNamespace("default").build());
            AIRuleSpec spec = new AIRuleSpec();
            spec.setGatewayRef(new LocalRef(template.getSpec().getGatewayRef().getName()));
            spec.setServiceRef(new LocalRef(template.getSpec().getServiceRef().getName()));
            spec.setPath("/tenants/tenant-with-a-rather-long-name-" + i + "/v1/chat/completions");
            rule.setSpec(spec);
            rules.add(rule);
        }
        Snapshot large = new Snapshot("default", base.gateways(), base.upstreams(), base.services(), rules,
                base.keys(), base.secrets());

        CompiledGateway compiled = compiler.compile(large).gateways().get(0);

        assertThat(compiled.configJson().length()).isGreaterThan(CompiledGateway.MAX_INLINE_CONFIG_BYTES);
        assertThat(compiled.fits()).isTrue();
        assertThat(compiled.shards()).isNotEmpty();
        ConfigMap manifest = GatewayObjects.configMap("default", compiled);
        assertThat(manifest.getData()).containsOnlyKeys(RoutingConfigShards.MANIFEST_KEY);
        Map<String, byte[]> shards = new TreeMap<>();
        GatewayObjects.shards("default", compiled).forEach(shard -> shards.put(shard.getMetadata().getName(),
                Base64.getDecoder().decode(shard.getBinaryData().get(RoutingConfigShards.SHARD_KEY))));
        assertThat(RoutingConfigShards.assemble(RoutingConfigShards.Manifest.fromJson(
                manifest.getData().get(RoutingConfigShards.MANIFEST_KEY)), shards)).isEqualTo(compiled.configJson());
    }

    @Test
    void shouldRefuseToWriteAConfigOverItsShardsAndSaySo() throws IOException {
        Snapshot snapshot = TestResources.snapshot("default", yamlFiles(SCENARIOS.resolve("valid-round-robin")));
        // 9 MB of hex digits, about 4.5 MB gzipped: more than the 16 shards of 256 KiB hold.
        Random random = new Random(1);
        StringBuilder padding = new StringBuilder();
        while (padding.length() < 9_000_000) {
            padding.append(Long.toHexString(random.nextLong()));
        }
        snapshot.upstreams().get(0).getSpec().getTargets().get(0).setHeaders(Map.of("x-padding", padding.toString()));

        CompileResult result = compiler.compile(snapshot);

        assertThat(result.gateways().get(0).configFits()).isFalse();
        assertThat(result.gateways().get(0).fits()).isFalse();
        assertThat(result.diagnosticsFor(ResourceRef.of(snapshot.gateways().get(0))))
                .anySatisfy(d -> {
                    assertThat(d.condition()).isEqualTo(ConditionType.READY);
                    assertThat(d.reason()).isEqualTo(Reason.CONFIG_TOO_LARGE);
                    assertThat(d.message()).contains("exceeds the 4194304 bytes of its 16 shards", "This routing "
                            + "change waits");
                });
    }

    @Test
    void shouldRefuseToWriteCredentialsOverOneSecretAndSaySo() throws IOException {
        Snapshot base = TestResources.snapshot("default", yamlFiles(SCENARIOS.resolve("valid-round-robin")));
        Map<String, Map<String, String>> secrets = new TreeMap<>(base.secrets());
        Map<String, String> providerKeys = new TreeMap<>(secrets.get("provider-keys"));
        providerKeys.put("openai", "sk-" + "k".repeat(1_100_000));
        secrets.put("provider-keys", providerKeys);
        Snapshot snapshot = new Snapshot("default", base.gateways(), base.upstreams(), base.services(),
                base.rules(), base.keys(), secrets);

        CompileResult result = compiler.compile(snapshot);

        assertThat(result.gateways().get(0).configFits()).isTrue();
        assertThat(result.gateways().get(0).credentialsFit()).isFalse();
        assertThat(result.diagnosticsFor(ResourceRef.of(base.gateways().get(0))))
                .anySatisfy(d -> assertThat(d.message()).contains("exceed the 1000000 bytes of one Secret")
                        .doesNotContain("kkkk"));
    }

    @Test
    void shouldDiagnoseEachResourceAsTheFullCompileDoesFromOnlyWhatItsChecksRead() throws IOException {
        try (Stream<Path> dirs = Files.list(SCENARIOS)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Snapshot full = TestResources.snapshot("default", yamlFiles(dir));
                CompileResult result = compiler.compile(full);
                List<HasMetadata> all = new ArrayList<>();
                all.addAll(full.upstreams());
                all.addAll(full.services());
                all.addAll(full.rules());
                all.addAll(full.keys());
                for (HasMetadata resource : all) {
                    ResourceRef ref = ResourceRef.of(resource);
                    assertThat(compiler.diagnose(partialSnapshotFor(full, ref.kind()), ref))
                            .as(dir.getFileName() + ": " + ref)
                            .isEqualTo(result.diagnosticsFor(ref));
                }
            }
        }
    }

    @Test
    void shouldDescribeTargetsWithTheirResolvedEndpoints() throws IOException {
        Snapshot snapshot = TestResources.snapshot("default",
                yamlFiles(SCENARIOS.resolve("endpoints-and-credentials")));
        AIUpstream upstream = snapshot.upstreams().stream()
                .filter(u -> u.getMetadata().getName().equals("all-providers")).findFirst().orElseThrow();

        assertThat(RoutingCompiler.describeTargets(upstream)).extracting(TargetStatus::getEndpoint).containsExactly(
                "https://api.openai.com/v1",
                "http://egress-proxy.infra.svc:8080/openai/v1",
                "https://bedrock-runtime.eu-west-1.amazonaws.com",
                "https://my-resource.openai.azure.com",
                "https://generativelanguage.googleapis.com/v1beta",
                "http://ollama.ml.svc:11434/v1");
    }

    /** What a leaf reconciler has in its caches: only the kinds its checks read. */
    private static Snapshot partialSnapshotFor(Snapshot full, String kind) {
        return switch (kind) {
            case "AIUpstream" -> new Snapshot(full.namespace(), List.of(), full.upstreams(), List.of(), List.of(),
                    List.of(), full.secrets());
            case "AIService" -> new Snapshot(full.namespace(), List.of(), full.upstreams(), full.services(),
                    List.of(), List.of(), java.util.Map.of());
            case "AIRule" -> new Snapshot(full.namespace(), full.gateways(), full.upstreams(), full.services(),
                    full.rules(), List.of(), java.util.Map.of());
            case "AIKey" -> new Snapshot(full.namespace(), full.gateways(), List.of(), List.of(), List.of(),
                    full.keys(), full.secrets());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Snapshot shuffle(Snapshot s, Random random) {
        return new Snapshot(s.namespace(), shuffled(s.gateways(), random), shuffled(s.upstreams(), random),
                shuffled(s.services(), random), shuffled(s.rules(), random), shuffled(s.keys(), random),
                s.secrets());
    }

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().startsWith("out-")).sorted().toList();
        }
    }
}
