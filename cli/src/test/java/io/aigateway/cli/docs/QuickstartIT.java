package io.aigateway.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.aigateway.cli.TestPaths;
import io.aigateway.cli.docs.MarkdownBlocks.Block;
import io.aigateway.cli.docs.MarkdownBlocks.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README.md's quickstart as a user runs it: {@code ./quickstart.sh} on free ports, then every command of the blocks
 * marked {@code run by QuickstartIT}, in order, in one shell, each output checked against the one the README shows.
 */
class QuickstartIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Pattern MOCK_B_PID = Pattern.compile("mock-b \\(pid (\\d+), port \\d+\\)");
    private static final String SEPARATOR = "@@@ command ";

    private final Path repository = TestPaths.repository();
    private final Path readme = repository.resolve("README.md");
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Map<String, String> ports;
    private Process quickstart;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(repository.resolve("cli/target/aigw.jar")).as("built by package, before this test").isRegularFile();
        List<Integer> free = freePorts(4);
        ports = Map.of("GATEWAY_PORT", free.get(0).toString(), "ADMIN_PORT", free.get(1).toString(),
                "MOCK_A_PORT", free.get(2).toString(), "MOCK_B_PORT", free.get(3).toString());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (quickstart == null) {
            return;
        }
        List<ProcessHandle> children = quickstart.descendants().toList();
        quickstart.destroy(); // SIGTERM, as Ctrl-C: the script stops what it started
        if (!quickstart.waitFor(30, TimeUnit.SECONDS)) {
            quickstart.destroyForcibly();
        }
        await().atMost(Duration.ofSeconds(30))
                .alias("the processes the quickstart started have ended; still running: " + children.stream()
                        .filter(ProcessHandle::isAlive).map(c -> c.pid() + " " + c.info().commandLine().orElse("?"))
                        .toList() + "; the quickstart printed:\n" + transcript())
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void shouldAnswerEveryReadmeCommandAsTheReadmeShows() throws Exception {
        List<Block> blocks = MarkdownBlocks.runBy(readme, QuickstartIT.class);
        assertThat(blocks).hasSizeGreaterThan(2);
        assertThat(blocks.get(0).text().strip()).as("the README's first quickstart block").isEqualTo("./quickstart.sh");
        start(blocks.get(0).text().strip());
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).alias("the quickstart says the gateway is ready")
                .until(() -> has("Gateway ready on ") || !quickstart.isAlive());
        assertThat(quickstart.isAlive()).as(transcript()).isTrue();
        assertThat(transcript()).as("no warning that a user could take for an error")
                .doesNotContain("SLF4J", "WARN", "ERROR", "Exception");

        List<Command> commands = blocks.subList(1, blocks.size()).stream()
                .flatMap(block -> block.commands().stream()).toList();
        List<String> actual = runInOneShell(commands);
        SoftAssertions.assertSoftly(softly -> {
            for (int i = 0; i < commands.size(); i++) {
                Command command = commands.get(i);
                softly.assertThat(command.shows(actual.get(i)))
                        .as("README command %s%nshows:%n%s%nbut printed:%n%s", command.command(), command.expected(),
                                actual.get(i))
                        .isTrue();
            }
        });
    }

    @Test
    void shouldRefuseAPortTakenByAnotherServerAndNameIt() throws Exception {
        // What an earlier quickstart leaves: a server that answers 200 on the gateway's port.
        int taken = Integer.parseInt(ports.get("GATEWAY_PORT"));
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        other.start();
        try {
            start("./quickstart.sh");
            assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).as("the quickstart stopped: " + transcript())
                    .isTrue();
        } finally {
            other.stop(0);
        }

        assertThat(quickstart.exitValue()).isNotZero();
        assertThat(transcript()).contains("port " + taken + " (the gateway) is already in use", "GATEWAY_PORT=")
                .doesNotContain("Gateway ready", "listening on");
    }

    private void start(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(repository.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(ports);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        quickstart = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                // The script ended.
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs the commands in one bash, as a user types them one after the other; the output of each. */
    private List<String> runInOneShell(List<Command> commands) throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            script.append("echo; echo '").append(SEPARATOR).append(i).append("'\n")
                    .append(onThisRun(commands.get(i).command())).append('\n');
        }
        Path file = Files.createTempFile("quickstart-commands", ".sh");
        Path printedFile = Files.createTempFile("quickstart-commands", ".out");
        try {
            Files.writeString(file, script);
            Process shell = new ProcessBuilder("bash", file.toString()).directory(repository.toFile())
                    .redirectErrorStream(true).redirectOutput(printedFile.toFile()).start();
            if (!shell.waitFor(60, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
            // As a terminal shows it: HTTP headers (curl -D) end in CR LF.
            String printed = Files.readString(printedFile).replace("\r\n", "\n");
            assertThat(shell.isAlive()).as("the commands still run after 60 s: " + printed).isFalse();
            List<String> outputs = new ArrayList<>();
            for (String part : printed.split("\n" + Pattern.quote(SEPARATOR) + "\\d+\n", -1)) {
                outputs.add(part.strip());
            }
            assertThat(outputs.remove(0)).isEmpty();
            assertThat(outputs).as(printed).hasSameSizeAs(commands);
            return outputs;
        } finally {
            Files.delete(file);
            Files.delete(printedFile);
        }
    }

    /**
     * A README command with this run's ports and pids in place of the documented ones. After {@code kill}, it waits
     * (at most 10 s) for the process to end, as a person typing the next command would have: a JVM still shutting
     * down may answer one more request.
     */
    private String onThisRun(String command) {
        Matcher found = MOCK_B_PID.matcher(transcript());
        assertThat(found.find()).as(transcript()).isTrue();
        String pid = found.group(1);
        String kill = "kill <the pid of mock-b>";
        return command.replace("127.0.0.1:8080", "127.0.0.1:" + ports.get("GATEWAY_PORT"))
                .replace("127.0.0.1:8081", "127.0.0.1:" + ports.get("ADMIN_PORT"))
                .replace(kill, kill + "; for _ in $(seq 100); do kill -0 <the pid of mock-b> 2>/dev/null || break; "
                        + "sleep 0.1; done")
                .replace("<the pid of mock-b>", pid);
    }

    private boolean has(String start) {
        return output.stream().anyMatch(line -> line.startsWith(start));
    }

    private String transcript() {
        return String.join("\n", output);
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
