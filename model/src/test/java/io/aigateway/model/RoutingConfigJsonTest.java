package io.aigateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                List.of(new Route("chat", "/v1", List.of("POST"), false, true, "chat", null)),
                List.of(new Service("chat", "chat")), List.of(upstream),
                List.of(new ClientKey("team-a", "a".repeat(64), Instant.parse("2030-01-01T00:00:00Z"))),
                new ClientTimeouts(5_000, 6_000, 7_000));
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
