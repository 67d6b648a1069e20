package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.AigwTest.Run;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.operator.compiler.RoutingCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        assertThat(run.err()).contains("AIGateway default/gw: Accepted=False InvalidClientKeyHeader",
                "no accepted AIGateway in the input");
    }

    @Test
    void shouldRefuseUnreadableInput() {
        Run run = AigwTest.run("run", "-f", dir.resolve("missing.yaml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("missing.yaml: no such file or directory", "the input could not be compiled");
    }

    @Test
    void shouldRejectTheSamePortTwice() {
        Run run = AigwTest.run("run", "-f", sample("local").toString(), "--port", "9999", "--admin-port", "9999");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--port and --admin-port must differ");
    }

    @Test
    void shouldPickOneOfSeveralGatewaysByName() {
        InputOptions options = new InputOptions();
        options.paths = List.of(sample("local"), sample("round-robin"));
        options.namespace = "default";

        RunCompilation compilation = RunCompilation.of(options, new RoutingCompiler(Clock.systemUTC()));

        assertThat(compilation.choose("local").found().ref()).isEqualTo("default/local");
        assertThat(compilation.choose("default/multi-provider").found().ref()).isEqualTo("default/multi-provider");
        assertThat(compilation.choose("other/local").problem()).contains("no accepted AIGateway other/local");
    }

    @Test
    void shouldDescribeTheRoutesWithoutKeysOrCredentials() {
        InputOptions options = new InputOptions();
        options.paths = List.of(sample("local"));
        options.namespace = "default";
        RunCompilation.Found local = RunCompilation.of(options, new RoutingCompiler(Clock.systemUTC()))
                .choose(null).found();

        List<String> lines = RunCommand.describe(RoutingConfigJson.read(local.compiled().configJson()));

        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).isEqualTo("  /v1 GET,POST -> service local-chat -> upstream local-mocks (round-robin, "
                + "2 failures in a row take a target out for 10 s, up to 2 attempts)");
        assertThat(lines.get(2)).isEqualTo("      mock-a  http://127.0.0.1:9001/v1  priority 1, weight 1");
        assertThat(lines.get(3)).isEqualTo("      mock-b  http://127.0.0.1:9002/v1  priority 1, weight 1");
        assertThat(lines.get(4)).isEqualTo("client keys: local-demo");
        assertThat(String.join("\n", lines)).doesNotContain("aigw-local-demo-key", "sk-local-mock-provider-key");
    }
}
