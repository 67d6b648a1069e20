package io.aigateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingConfigJsonTest {

    private static RoutingConfig sample() {
        var target = new Target("primary", Provider.OPENAI, new Endpoint("https", "api.openai.com", 443, "/v1"),
                null, 60, 1, List.of("gpt-4o-mini"), "gpt-4o-mini", Map.of("b", "2", "a", "1"), Map.of(),
                new Credentials("ai/primary/apiKey", null, null, null), null, null);
        var upstream = new Upstream("chat", Algorithm.WEIGHTED_ROUND_ROBIN, new HealthChecks(true, 3, 60),
                new Timeouts(1_000, 2_000, 3_000, 4_000), 3, List.of(target), UnsupportedFields.DROP, 64);
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "r1", "gw", "default",
                List.of(), List.of(new ClientKeyHeader("Authorization", "Bearer")),
                RoutingConfig.DEFAULT_MAX_REQUEST_BODY_BYTES,
                List.of(new Route("chat", "/v1", List.of("POST"), false, true, "chat", null,
                        new UsageLimits(600, null, null, null))),
                List.of(new Service("chat", "chat")), List.of(upstream),
                List.of(new ClientKey("team-a", "a".repeat(64), Instant.parse("2030-01-01T00:00:00Z"),
                        new UsageLimits(60, 100_000L, 1_000_000L, 20_000_000L),
                        new Budget(new BigDecimal("25.10"), Budget.Period.MONTH))),
                new ClientTimeouts(5_000, 6_000, 7_000),
                new RateLimitStore("rediss://redis.example:6380", 2, "rateLimitStore.username",
                        "rateLimitStore.password", RateLimitStore.FailMode.CLOSED, 250));
    }

    @Test
    void shouldRoundTripThroughJson() {
        RoutingConfig config = sample();
        assertThat(RoutingConfigJson.read(RoutingConfigJson.write(config))).isEqualTo(config);
    }

    @Test
    void shouldWriteEnumsInTheirResourceSpellingAndMapKeysSorted() {
        String json = RoutingConfigJson.write(sample());
        assertThat(json).contains("\"weighted-round-robin\"", "\"openai\"", "\"2030-01-01T00:00:00Z\"");
        assertThat(json.indexOf("\"a\" : \"1\"")).isLessThan(json.indexOf("\"b\" : \"2\""));
    }

    @Test
    void shouldKeepABudgetAmountsDigitsAsAString() {
        String json = RoutingConfigJson.write(sample());
        assertThat(json).contains("\"amount\" : \"25.10\"", "\"period\" : \"month\"", "\"failMode\" : \"closed\"");
        assertThat(RoutingConfigJson.read(json).clientKeys().get(0).budget().amount()).isEqualTo("25.10");
    }

    @Test
    void shouldLeaveOutTheStoreAndLimitsWhenNoneIsSet() {
        RoutingConfig config = sample();
        RoutingConfig plain = new RoutingConfig(config.schemaVersion(), config.revision(), config.gateway(),
                config.namespace(), config.hostnames(), config.clientKeyHeaders(), config.maxRequestBodyBytes(),
                List.of(new Route("chat", "/v1", List.of(), false, true, "chat", null)), config.services(),
                config.upstreams(), List.of(new ClientKey("team-a", "a".repeat(64), null)),
                config.clientTimeouts());

        // A proxy that predates limits still reads a config that uses none of them.
        assertThat(RoutingConfigJson.write(plain)).doesNotContain("rateLimitStore", "limits", "budget");
    }

    @Test
    void shouldRefuseAZeroBudgetAndALimitOfZero() {
        String zeroBudget = RoutingConfigJson.write(sample()).replace("\"25.10\"", "\"0.00\"");
        assertThatThrownBy(() -> RoutingConfigJson.read(zeroBudget))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("budget.amount must be more than 0");
        String zeroLimit = RoutingConfigJson.write(sample()).replace("\"tokensPerDay\" : 1000000",
                "\"tokensPerDay\" : 0");
        assertThatThrownBy(() -> RoutingConfigJson.read(zeroLimit))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("limits.tokensPerDay must be at least 1");
    }

    @Test
    void shouldRefuseAStoreAddressWithCredentialsWithoutQuotingThem() {
        String json = RoutingConfigJson.write(sample()).replace("rediss://redis.example:6380",
                "redis://user:hunter2@redis.example:6379");
        assertThatThrownBy(() -> RoutingConfigJson.read(json))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("must not hold a user or password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseAnUnknownSchemaVersion() {
        String json = RoutingConfigJson.write(sample()).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99");
        assertThatThrownBy(() -> RoutingConfigJson.read(json))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("unsupported schemaVersion 99");
    }

    @Test
    void shouldRefuseAnUnknownField() {
        String json = RoutingConfigJson.write(sample()).replaceFirst("\\{", "{ \"surprise\" : true,");
        assertThatThrownBy(() -> RoutingConfigJson.read(json))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("surprise");
    }

    @Test
    void shouldRefuseAWeightOutOfRange() {
        String json = RoutingConfigJson.write(sample()).replace("\"weight\" : 60", "\"weight\" : 0");
        assertThatThrownBy(() -> RoutingConfigJson.read(json))
                .isInstanceOf(RoutingConfigJson.InvalidRoutingConfigException.class)
                .hasMessageContaining("weight");
    }
}
