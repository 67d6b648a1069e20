package io.aigateway.proxy.config;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.KeyLimitConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

    private final HealthRegistry health = new HealthRegistry();

    @Test
    void shouldBuildRoutesKeysAndPlanners() {
        var config = Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target("a", 1000)));
        RuntimeConfig rc = RuntimeConfig.build(new ConfigVersion(Configs.json(config), Map.of(), "t"), health);
        assertThat(rc.revision()).isEqualTo(config.revision());
        assertThat(rc.planner("u")).isNotNull();
        assertThat(rc.routes().match(null, "/v1/chat/completions", "POST").upstream().name()).isEqualTo("u");
        assertThat(rc.clientKeys().headers()).hasSize(2);
    }

    @Test
    void shouldRefuseMalformedUnknownSchemaAndEmptyConfigs() {
        String good = Configs.json(Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target("a", 1000))));
        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion("{", Map.of(), "t"), health))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion("", Map.of(), "t"), health))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion(
                good.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"), Map.of(), "t"), health))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("schemaVersion");
    }

    @Test
    void shouldRefuseDanglingReferencesAndMissingCredentialsWithoutValues() {
        var needsKey = Configs.withCredentials(target("a", 1000), new Credentials("u.a.key", null, null, null));
        var config = Configs.config(List.of(), List.of(Configs.route("r", "/v1", "svc"),
                        Configs.route("r2", "/v2", "nope")),
                List.of(new Service("svc", "u"), new Service("svc2", "missing")),
                List.of(Configs.upstream("u", Algorithm.ROUND_ROBIN, needsKey)), 100);
        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion(Configs.json(config),
                Map.of("other", "sk-secret-value"), "t"), health))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("u.a.key")
                .hasMessageContaining("route r2 names service nope")
                .hasMessageContaining("service svc2 names upstream missing")
                .hasMessageNotContaining("sk-secret-value");
    }

    @Test
    void shouldRefuseAVertexTargetWithoutItsServiceAccountKeyEntry() {
        var vertex = Configs.withCredentials(target("a", 1000), new Credentials(null, null, null, null,
                new Credentials.VertexCredentials("u.a.serviceAccountKey", "my-project", "us-central1")));
        String json = Configs.json(Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, vertex)));

        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion(json, Map.of(), "t"), health))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("target u/a needs credential entry u.a.serviceAccountKey");
        assertThat(RuntimeConfig.build(new ConfigVersion(json, Map.of("u.a.serviceAccountKey",
                "{\"type\": \"service_account\"}"), "t"), health).planner("u")).isNotNull();
    }

    @Test
    void shouldRefuseARateLimitStoreWhosePasswordEntryIsMissingWithoutQuotingAnyValue() {
        RoutingConfig config = KeyLimitConfigs.config("gw", Configs.keys(), null, new RateLimitStore(
                "redis://redis:6379", 0, "rateLimitStore.username", "rateLimitStore.password",
                RateLimitStore.FailMode.OPEN, 250), Configs.upstream("u", Algorithm.ROUND_ROBIN, target("a", 1000)));
        String json = Configs.json(config);

        assertThatThrownBy(() -> RuntimeConfig.build(new ConfigVersion(json, Map.of("rateLimitStore.username",
                "limits"), "t"), health))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("rateLimitStore needs credential entry rateLimitStore.password, which is missing");
        assertThat(RuntimeConfig.build(new ConfigVersion(json, Map.of("rateLimitStore.username", "limits",
                "rateLimitStore.password", "s3cret"), "t"), health).config().rateLimitStore()).isNotNull();
    }
}
