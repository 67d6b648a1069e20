package io.aigateway.cli;

import io.aigateway.cli.mock.MockProvider;
import io.aigateway.cli.mock.MockSettings;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aigw mock-provider}: an OpenAI-compatible provider with canned answers, until Ctrl-C. */
@Command(name = "mock-provider",
        mixinStandardHelpOptions = true,
        description = {
            "Serves canned OpenAI-compatible answers, for trying and benchmarking the gateway without a provider.",
            "",
            "  POST /v1/chat/completions  a chat.completion echoing the requested model, with usage; with "
                    + "\"stream\": true, server-sent chat.completion.chunk events (a role chunk, --chunks content "
                    + "chunks, a finish chunk with usage, then data: [DONE]), written as they go",
            "  GET  /v1/models            one model",
            "  GET  /_stats               request counters; GET /health: ok",
            "",
            "Every response carries the header X-Mock-Provider: <name>, and answers say 'Hello from <name>', so "
                    + "load balancing shows in curl's output. Runs until Ctrl-C."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 1:The port could not be bound.",
            " 2:Invalid command line."})
final class MockProviderCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "9001", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--name", defaultValue = "mock", paramLabel = "NAME",
            description = "Name shown in X-Mock-Provider and in the answers. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Delay before the response headers. Default: ${DEFAULT-VALUE}.")
    int latencyMillis;

    @Option(names = "--chunks", defaultValue = "8", paramLabel = "N",
            description = "Content chunks of a streamed answer (words of a plain one). Default: ${DEFAULT-VALUE}.")
    int chunks;

    @Option(names = "--chunk-delay-ms", defaultValue = "0", paramLabel = "MS",
            description = "Delay between two events of a stream; 0 sends the whole stream at once. "
                    + "Default: ${DEFAULT-VALUE}.")
    int chunkDelayMillis;

    @Option(names = "--fail-status", paramLabel = "STATUS",
            description = "Answer failed requests with this status (400-599) and an OpenAI error body, for "
                    + "example 503 or 429.")
    Integer failStatus;

    @Option(names = "--fail-rate", defaultValue = "1", paramLabel = "RATE",
            description = "Share of chat requests that fail with --fail-status, 0 to 1, spread evenly: 0.25 fails "
                    + "every 4th request. Default: ${DEFAULT-VALUE}.")
    double failRate;

    @Option(names = "--retry-after", paramLabel = "SECONDS",
            description = "Send Retry-After with a failed 429 or 503.")
    Integer retryAfterSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MockSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Vertx vertx = Foreground.vertx();
        MockProvider provider;
        try {
            provider = Foreground.await(MockProvider.start(vertx, host, port, settings),
                    Foreground.START_TIMEOUT_SECONDS);
        } catch (Exception e) {
            err.println("mock-provider " + name + ": cannot listen on " + host + ":" + port + ": " + e.getMessage());
            err.flush();
            Foreground.close(vertx);
            return Aigw.PROBLEMS;
        }
        out.println("mock-provider " + name + " listening on http://" + host + ":" + provider.port() + "/v1 ("
                + settings.describe() + ")");
        out.flush();
        Foreground.untilStopped(() -> Foreground.close(vertx));
        return Aigw.OK;
    }

    private MockSettings settings() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
        }
        try {
            return new MockSettings(name, latencyMillis, chunks, chunkDelayMillis,
                    failStatus == null ? 0 : failStatus, failRate,
                    retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
