package io.aigateway.proxy.config;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.RoutingConfig;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.MutableConfigSource;
import io.aigateway.proxy.support.ProxyHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloadIT {

    private Vertx vertx;
    private FakeUpstream a;
    private FakeUpstream b;
    private ProxyHarness h;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        a = FakeUpstream.start(vertx, "a");
        b = FakeUpstream.start(vertx, "b");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RoutingConfig to(FakeUpstream fake) {
        return Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target(fake.name(), fake.port())));
    }

    private String selected() throws Exception {
        return h.chat("gpt-4o").headers().firstValue("X-Selected-Target").orElse(null);
    }

    @Test
    void shouldAnswer503AndNotBeReadyBeforeAnyConfig() throws Exception {
        MutableConfigSource source = new MutableConfigSource();
        h = ProxyHarness.start(vertx, source);

        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject error = new JsonObject(r.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("gateway_not_ready");
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(h.admin("/readyz").statusCode()).isEqualTo(503);
        assertThat(h.admin("/healthz").statusCode()).isEqualTo(200);

        source.push(Configs.json(to(a)), Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> h.admin("/readyz").statusCode() == 200);
        assertThat(selected()).isEqualTo("a");
    }

    @Test
    void shouldKeepServingTheLastGoodConfigWhenANewOneIsRefused() throws Exception {
        MutableConfigSource source = new MutableConfigSource(Configs.json(to(a)), Map.of());
        h = ProxyHarness.start(vertx, source);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.proxy.currentConfig() != null);
        String good = h.proxy.currentConfig().revision();

        source.push("{ not json", Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> h.proxy.refusedConfigs() == 1);
        source.push(Configs.json(to(b)).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"), Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> h.proxy.refusedConfigs() == 2);
        var needsSecret = Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.withCredentials(
                target("b", b.port()), new Credentials("u.b.apiKey", null, null, null))));
        source.push(Configs.json(needsSecret), Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> h.proxy.refusedConfigs() == 3);

        assertThat(h.proxy.currentConfig().revision()).isEqualTo(good);
        assertThat(selected()).isEqualTo("a");
        assertThat(h.admin("/readyz").statusCode()).isEqualTo(200);
        assertThat(h.admin("/metrics").body()).contains("aigw_config_refused_total 3");

        source.push(Configs.json(needsSecret), Map.of("u.b.apiKey", "sk-b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "b".equals(selected()));
        assertThat(b.last().headers().get("Authorization")).isEqualTo("Bearer sk-b");
    }

    @Test
    void shouldReloadFilesLaidOutLikeAMountedSecret(@TempDir Path dir) throws Exception {
        Path routing = dir.resolve("routing.json");
        Path secret = dir.resolve("credentials");
        Files.createDirectories(secret);
        var withKey = Configs.withCredentials(target("a", a.port()), new Credentials("u.key", null, null, null));
        Files.writeString(routing, Configs.json(Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                withKey))));
        mountSecret(secret, "..2024_01_01_00_00_00.1", Map.of("u.key", "sk-one"));

        h = ProxyHarness.start(vertx, new FileConfigSource(routing, secret, 100));
        await().atMost(Duration.ofSeconds(5)).until(() -> h.proxy.currentConfig() != null);
        assertThat(selected()).isEqualTo("a");
        assertThat(a.last().headers().get("Authorization")).isEqualTo("Bearer sk-one");

        // Kubernetes updates a Secret volume by swapping the ..data symlink to a new timestamped directory.
        mountSecret(secret, "..2024_01_01_00_00_00.2", Map.of("u.key", "sk-two"));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            h.chat("gpt-4o");
            return "Bearer sk-two".equals(a.last().headers().get("Authorization"));
        });

        Path tmp = dir.resolve("routing.json.tmp");
        Files.writeString(tmp, Configs.json(to(b)));
        Files.move(tmp, routing, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(5)).until(() -> "b".equals(selected()));
        assertThat(h.proxy.refusedConfigs()).isZero();
    }

    private static void mountSecret(Path secret, String version, Map<String, String> entries) throws Exception {
        Path versionDir = Files.createDirectory(secret.resolve(version));
        for (var e : entries.entrySet()) {
            Files.writeString(versionDir.resolve(e.getKey()), e.getValue());
        }
        Path newData = secret.resolve("..data_tmp");
        Files.createSymbolicLink(newData, Path.of(version));
        Files.move(newData, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        for (String key : entries.keySet()) {
            Path link = secret.resolve(key);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data", key));
            }
        }
    }
}
