package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar aigw.jar run -f INPUT --port 0 --admin-port 0} as a user starts it, for the ITs: its stdout and
 * stderr lines as they come, the ports it says it listens on, its {@code /metrics}. Closing sends SIGTERM, as Ctrl-C.
 */
final class AigwRunProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern ADMIN = Pattern.compile("\\(health: http://127\\.0\\.0\\.1:(\\d+)/readyz\\)");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private AigwRunProcess(Process process) {
        this.process = process;
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    /** {@code aigw run -f input} on free ports, with {@code options} after. */
    static AigwRunProcess start(Path input, String... options) throws IOException {
        Path jar = Path.of(System.getProperty("aigw.jar", "target/aigw.jar"));
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "run", "-f", input.toString(), "--port", "0", "--admin-port", "0"));
        command.addAll(List.of(options));
        return new AigwRunProcess(new ProcessBuilder(command).start());
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // The process ended.
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    Process process() {
        return process;
    }

    /** The lines printed on stdout so far. */
    List<String> out() {
        return out;
    }

    /** The lines printed on stderr so far. */
    List<String> err() {
        return err;
    }

    /** Both streams, for assertion messages. */
    String output() {
        return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
    }

    /** Waits for {@code ready}; the port the gateway listens on. */
    int awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .alias("aigw run is ready")
                .until(() -> out.contains("ready") || !process.isAlive());
        assertThat(process.isAlive()).as(output()).isTrue();
        Matcher listening = out.stream().map(LISTENING::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return Integer.parseInt(listening.group(1));
    }

    /** An OpenAI client of the gateway on port with a client key; no retries, so each call is one request. */
    static OpenAIClient client(int port, String clientKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(clientKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    int adminPort() {
        Matcher health = out.stream().map(ADMIN::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return Integer.parseInt(health.group(1));
    }

    /** The admin port's {@code /metrics}. */
    String scrape() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of a per-target series, as scraped; empty when absent. */
    String metric(String name, String target) throws IOException, InterruptedException {
        return scrape().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("target=\"" + target + "\""))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("");
    }

    /** SIGTERM first, so that a failed test leaves no config files behind either. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
