package io.aigateway.cli;

import io.aigateway.cli.RunCompilation.Choice;
import io.aigateway.cli.RunCompilation.Found;
import io.aigateway.cli.run.GatewayFiles;
import io.aigateway.cli.run.InputFingerprint;
import io.aigateway.cli.run.RedisOverride;
import io.aigateway.model.Cost;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.LatencyRouting;
import io.aigateway.model.RateLimit;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.proxy.GatewayProxy;
import io.aigateway.proxy.ProxyOptions;
import io.aigateway.proxy.config.FileConfigSource;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aigw run}: compile resources and serve one gateway from them on this machine, until Ctrl-C. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Compiles resources as the operator does and serves one gateway from them on this machine, with the "
                    + "same proxy that runs in the cluster, until Ctrl-C.",
            "",
            "The compiled routing.json and credential entries (one file each, mode 600) go to a private temporary "
                    + "directory that the proxy reads and that is deleted on exit. The input paths are polled "
                    + "every second: a change is compiled again and the proxy picks up the new config without a "
                    + "restart. When the new input leaves the gateway out or cannot be read, the running config "
                    + "stays and stderr says why. A resource the API server would reject (its CRD's schema or CEL "
                    + "rules, a Secret's base64) is left out at start and keeps its previous version on a change, "
                    + "as in a cluster; stderr prints each problem as 'aigw validate' does.",
            "",
            "Diagnostics go to stderr, as with 'aigw compile'."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 1:No gateway to serve (none, several without --gateway, unreadable input), or a port in use.",
            " 2:Invalid command line."})
final class RunCommand implements Callable<Integer> {

    private static final Duration READY_WAIT = Duration.ofSeconds(10);

    @Mixin
    InputOptions input;

    @Option(names = "--gateway", paramLabel = "NAME",
            description = "The AIGateway to serve, as NAME or NAMESPACE/NAME; needed when the input has several.")
    String gateway;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port for client traffic; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--admin-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port for /healthz and /readyz; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int adminPort;

    @Option(names = "--event-loops", defaultValue = "0", paramLabel = "N",
            description = "Event loops serving client traffic, each with its own connections upstream; 0 for one per "
                    + "CPU the JVM sees. Default: ${DEFAULT-VALUE}.")
    int eventLoops;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Count the keys' limits and budgets in this Redis (redis://host:port, rediss:// for TLS) "
                    + "instead of the gateway's rateLimitStore; its password from --redis-password-file or the "
                    + "environment variable " + RedisOverride.PASSWORD_ENV + ".")
    String redis;

    @Option(names = "--redis-password-file", paramLabel = "FILE",
            description = "A file holding the password of --redis (a trailing line break is ignored).")
    Path redisPasswordFile;

    @Option(names = "--poll-ms", defaultValue = "1000", hidden = true,
            description = "How often the input paths are read for changes.")
    long pollMillis;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;
    private RedisOverride redisOverride;
    private final RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());

    @Override
    public Integer call() throws Exception {
        checkOptions();
        redisOverride = redisOverride();
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();

        String fingerprint = InputFingerprint.of(input.paths);
        RunCompilation compilation = RunCompilation.of(input, compiler);
        report(compilation);
        Choice choice = compilation.choose(gateway);
        if (choice.found() == null) {
            err.println("aigw run: nothing to serve: " + choice.problem());
            err.flush();
            return Aigw.PROBLEMS;
        }
        Found served = choice.found();
        CompiledGateway compiled = withStore(served.compiled());

        ProxyOptions options = new ProxyOptions(host, port, adminPort, eventLoops);
        GatewayFiles files = GatewayFiles.create();
        Vertx vertx = null;
        FileConfigSource source = null;
        GatewayProxy proxy;
        try {
            files.write(compiled.configJson(), compiled.credentials());
            vertx = Foreground.vertx();
            source = new FileConfigSource(files.routingJson(), files.credentialsDir());
            proxy = Foreground.await(GatewayProxy.start(vertx, options, source),
                    Foreground.START_TIMEOUT_SECONDS);
        } catch (Exception e) {
            err.println("aigw run: the proxy did not start: " + e.getMessage());
            err.flush();
            if (source != null) {
                source.close();
            }
            if (vertx != null) {
                Foreground.close(vertx);
            }
            files.close();
            return Aigw.PROBLEMS;
        }

        out.println("AIGateway " + served.ref() + " listening on http://" + host + ":" + proxy.port()
                + " (health: http://" + host + ":" + proxy.adminPort() + "/readyz)");
        out.println("event loops: " + options.effectiveEventLoops());
        printRoutes(compiled.config());
        out.println("config files: " + files.dir() + " (deleted on exit)");
        out.println(ready(proxy.adminPort()) ? "ready" : "not ready after " + READY_WAIT.toSeconds()
                + " s: the proxy has not accepted the config; see its log above");
        out.println("watching " + input.paths.stream().map(Object::toString).collect(Collectors.joining(", "))
                + " for changes; Ctrl-C stops");
        out.flush();

        Watch watch = new Watch(files, served, fingerprint, compilation);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "aigw-run-inputs");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(watch::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);

        Vertx running = vertx;
        FileConfigSource runningSource = source;
        Foreground.untilStopped(() -> {
            poller.shutdownNow();
            try {
                Foreground.await(proxy.close(), Foreground.STOP_TIMEOUT_SECONDS);
            } catch (Exception e) {
                // Stopping anyway.
            }
            runningSource.close();
            Foreground.close(running);
            files.close();
            out.println("stopped");
            out.flush();
        });
        return Aigw.OK;
    }

    private void checkOptions() {
        for (int value : new int[] {port, adminPort}) {
            if (value < 0 || value > 65_535) {
                throw new ParameterException(spec.commandLine(), "ports must be 0 to 65535, was " + value);
            }
        }
        if (port != 0 && port == adminPort) {
            throw new ParameterException(spec.commandLine(), "--port and --admin-port must differ");
        }
        if (eventLoops < 0) {
            throw new ParameterException(spec.commandLine(), "--event-loops must be 0 (one per CPU) or more, was "
                    + eventLoops);
        }
    }

    /** The --redis store, with its password from the file or the environment; null without --redis. */
    private RedisOverride redisOverride() {
        if (redis == null) {
            if (redisPasswordFile != null) {
                throw new ParameterException(spec.commandLine(), "--redis-password-file needs --redis");
            }
            return null;
        }
        String password = System.getenv(RedisOverride.PASSWORD_ENV);
        if (redisPasswordFile != null) {
            try {
                password = Files.readString(redisPasswordFile).stripTrailing();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--redis-password-file: cannot read "
                        + redisPasswordFile + ": " + e.getMessage());
            }
        }
        try {
            return new RedisOverride(redis, password == null || password.isEmpty() ? null : password);
        } catch (IllegalArgumentException e) {
            // The message never quotes an address holding a password.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private CompiledGateway withStore(CompiledGateway compiled) {
        return redisOverride == null ? compiled : redisOverride.apply(compiled);
    }

    /** Polls the inputs; on a change compiles them again and rewrites the files when the gateway is still there. */
    private final class Watch {
        private final GatewayFiles files;
        private final Found served;
        private String fingerprint;
        /** The last compilation whose input could be read: where a resource now rejected keeps its version. */
        private RunCompilation lastRead;

        Watch(GatewayFiles files, Found served, String fingerprint, RunCompilation first) {
            this.files = files;
            this.served = served;
            this.fingerprint = fingerprint;
            this.lastRead = first;
        }

        void poll() {
            try {
                String now = InputFingerprint.of(input.paths);
                if (now.equals(fingerprint)) {
                    return;
                }
                fingerprint = now;
                RunCompilation compilation = RunCompilation.of(input, compiler, lastRead);
                if (compilation.unreadable().isEmpty()) {
                    lastRead = compilation;
                }
                report(compilation);
                Choice choice = compilation.again(served);
                if (choice.found() == null) {
                    err.println("aigw run: input changed; keeping the running config: " + choice.problem());
                    err.flush();
                    return;
                }
                CompiledGateway compiled = withStore(choice.found().compiled());
                boolean changed = files.write(compiled.configJson(), compiled.credentials());
                if (changed) {
                    out.println("input changed; config revision " + compiled.config().revision()
                            + " written, the proxy reloads it");
                    printRoutes(compiled.config());
                } else {
                    out.println("input changed; the compiled config is the same");
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                err.println("aigw run: input changed; keeping the running config: " + e);
                err.flush();
            }
        }
    }

    /** What is wrong with the input, as 'aigw validate' says it; unreadable input is the choice's problem. */
    private void report(RunCompilation compilation) {
        compilation.rejections().forEach(err::println);
        compilation.kept().forEach(ref -> err.println("aigw run: " + ref + " would be rejected by the API server; "
                + "its previous version stays in use"));
        if (compilation.ignored() > 0) {
            err.println("ignored " + compilation.ignored() + " document(s) of other kinds");
        }
        for (Diagnostic diagnostic : compilation.diagnostics()) {
            err.println(diagnostic);
        }
        err.flush();
    }

    private void printRoutes(RoutingConfig config) {
        for (String line : describe(config)) {
            out.println(line);
        }
    }

    /** The routes and where they lead, for a person: no credential, no key hash. */
    static List<String> describe(RoutingConfig config) {
        Map<String, Service> services = config.services().stream()
                .collect(Collectors.toMap(Service::name, Function.identity()));
        Map<String, Upstream> upstreams = config.upstreams().stream()
                .collect(Collectors.toMap(Upstream::name, Function.identity()));
        List<String> lines = new ArrayList<>();
        lines.add("routes (revision " + config.revision() + "):");
        if (config.routes().isEmpty()) {
            lines.add("  none: every request gets 404");
        }
        for (Route route : config.routes()) {
            String methods = route.methods().isEmpty() ? "any method" : String.join(",", route.methods());
            Service service = services.get(route.service());
            Upstream upstream = service == null ? null : upstreams.get(service.upstream());
            lines.add("  " + route.path() + " " + methods + (route.stripPath() ? " (prefix stripped)" : "")
                    + (route.active() ? "" : " (inactive)") + " -> service " + route.service()
                    + (route.unavailable() == null ? "" : " -> 503: " + route.unavailable())
                    + (upstream == null ? "" : " -> upstream " + upstream.name() + " ("
                            + upstream.algorithm().toString().toLowerCase().replace('_', '-') + latency(upstream)
                            + health(upstream)
                            + ", up to " + upstream.maxAttempts() + " attempts)"));
            if (upstream != null) {
                for (Target target : upstream.targets()) {
                    lines.add("      " + target.name() + "  " + url(target.endpoint()) + "  priority "
                            + target.priority() + ", weight " + target.weight() + limits(target.rateLimit())
                            + cost(target.cost()));
                }
                lines.addAll(models(upstream));
            }
        }
        lines.add("client keys: " + (config.clientKeys().isEmpty() ? "none (every request gets 401)"
                : config.clientKeys().stream().map(key -> key.name()).collect(Collectors.joining(", "))));
        lines.add("rate-limit store: " + store(config.rateLimitStore()));
        return lines;
    }

    /** Where the keys' limits are counted; never a password, only whether there is one. */
    private static String store(RateLimitStore store) {
        return store == null ? "local (this process counts alone)"
                : store.address() + " (database " + store.database() + ", failMode "
                        + store.failMode().toString().toLowerCase() + ", timeout " + store.timeoutMillis() + " ms"
                        + (store.passwordEntry() == null ? ", no password" : ", with a password") + ")";
    }

    /** The upstream's model routes and mapping, a line each, sorted; none when it has neither. */
    private static List<String> models(Upstream upstream) {
        List<String> lines = new ArrayList<>(2);
        if (!upstream.modelRoutes().isEmpty()) {
            lines.add("      model routes: " + new TreeMap<>(upstream.modelRoutes()).entrySet().stream()
                    .map(route -> route.getKey() + " -> " + String.join(", ", route.getValue()))
                    .collect(Collectors.joining("; ")));
        }
        if (!upstream.modelMapping().isEmpty()) {
            lines.add("      model mapping: " + new TreeMap<>(upstream.modelMapping()).entrySet().stream()
                    .map(mapped -> mapped.getKey() + " -> " + new TreeMap<>(mapped.getValue()).entrySet().stream()
                            .map(sent -> sent.getKey() + ": " + sent.getValue()).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; ")));
        }
        return lines;
    }

    private static String health(Upstream upstream) {
        HealthChecks health = upstream.healthChecks();
        String trials = health.successThreshold() == 1 ? ""
                : ", " + health.successThreshold() + " successful trials bring it back";
        String probes = health.active() == null ? ""
                : ", targets probed every " + health.active().intervalSeconds() + " s";
        return (health.passive()
                ? ", " + health.threshold() + " failures in a row take a target out for " + health.intervalSeconds()
                        + " s" + trials
                : ", no passive health") + probes;
    }

    private static String latency(Upstream upstream) {
        LatencyRouting latency = upstream.latency();
        return latency == null ? ""
                : " at p" + BigDecimal.valueOf(latency.percentile()).stripTrailingZeros().toPlainString() + " over "
                        + latency.windowSeconds() + " s";
    }

    /** A target's own limits, per replica; nothing without. */
    private static String limits(RateLimit limit) {
        if (limit == null) {
            return "";
        }
        List<String> terms = new ArrayList<>(3);
        if (limit.requestsPerMinute() != null) {
            terms.add(limit.requestsPerMinute() + " requests/min");
        }
        if (limit.tokensPerMinute() != null) {
            terms.add(limit.tokensPerMinute() + " tokens/min");
        }
        if (limit.concurrentRequests() != null) {
            terms.add(limit.concurrentRequests() + " at once");
        }
        return ", at most " + String.join(", ", terms);
    }

    private static String cost(Cost cost) {
        return cost == null ? ""
                : ", costs " + BigDecimal.valueOf(cost.inputPer1k()).stripTrailingZeros().toPlainString() + " in, "
                        + BigDecimal.valueOf(cost.outputPer1k()).stripTrailingZeros().toPlainString()
                        + " out per 1k tokens";
    }

    private static String url(Endpoint endpoint) {
        return endpoint.protocol() + "://" + endpoint.host() + ":" + endpoint.port() + endpoint.basePath();
    }

    /** Whether /readyz answers 200 within {@link #READY_WAIT}. */
    private boolean ready(int boundAdminPort) {
        String readyHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + hostForUri(readyHost) + ":" + boundAdminPort + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not answering yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String hostForUri(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
