package io.aigateway.proxy.support;

import static org.awaitility.Awaitility.await;

import io.aigateway.model.RoutingConfig;
import io.aigateway.proxy.GatewayProxy;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.ProxyOptions;
import io.aigateway.proxy.config.ConfigSource;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A proxy on 127.0.0.1 port 0 and a JDK HTTP client to call it. */
public final class ProxyHarness implements AutoCloseable {

    public final GatewayProxy proxy;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            // Plain HTTP/1.1, as clients in a cluster speak to the gateway; no h2c upgrade dance.
            .version(HttpClient.Version.HTTP_1_1).build();

    private ProxyHarness(GatewayProxy proxy) {
        this.proxy = proxy;
    }

    public static ProxyHarness start(Vertx vertx, ConfigSource source) throws Exception {
        return start(vertx, source, Clock.systemUTC());
    }

    /** Starts a proxy whose requests see the time of {@code clock}. */
    public static ProxyHarness start(Vertx vertx, ConfigSource source, Clock clock) throws Exception {
        return start(vertx, source, clock, new LocalWindowCounters(clock));
    }

    /** Starts a proxy on {@code clock} that counts its limits in {@code counters}. */
    public static ProxyHarness start(Vertx vertx, ConfigSource source, Clock clock, WindowCounters counters)
            throws Exception {
        GatewayProxy proxy = GatewayProxy.start(vertx, new ProxyOptions("127.0.0.1", 0, 0, 2), source, clock,
                        counters)
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return new ProxyHarness(proxy);
    }

    /** Starts with the config and waits until it is served. */
    public static ProxyHarness start(Vertx vertx, RoutingConfig config, Map<String, String> credentials)
            throws Exception {
        return start(vertx, config, credentials, Clock.systemUTC());
    }

    /** Starts with the config on {@code clock} and waits until it is served. */
    public static ProxyHarness start(Vertx vertx, RoutingConfig config, Map<String, String> credentials,
            Clock clock) throws Exception {
        return start(vertx, config, credentials, clock, new LocalWindowCounters(clock));
    }

    /** Starts with the config on {@code clock}, counting limits in {@code counters}, and waits until it is served. */
    public static ProxyHarness start(Vertx vertx, RoutingConfig config, Map<String, String> credentials,
            Clock clock, WindowCounters counters) throws Exception {
        ProxyHarness h = start(vertx, new MutableConfigSource(Configs.json(config), credentials), clock, counters);
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);
        return h;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chat request with the client key. */
    public HttpResponse<String> chat(String model) throws Exception {
        return post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", "Authorization", "Bearer " + Configs.CLIENT_KEY);
    }

    public HttpResponse<String> admin(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        proxy.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
