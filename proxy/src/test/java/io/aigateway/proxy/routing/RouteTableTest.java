package io.aigateway.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static RouteTable.Entry entry(String rule, String path, List<String> methods, boolean strip,
            boolean active) {
        return new RouteTable.Entry(new Route(rule, path, methods, strip, active, "svc", null), null, null);
    }

    @Test
    void shouldMatchPrefixesOnSegmentBoundariesInPrecedenceOrder() {
        RouteTable t = new RouteTable(List.of(), List.of(entry("chat", "/v1/chat", List.of(), false, true),
                entry("all", "/v1", List.of(), false, true)));
        assertThat(t.match(null, "/v1/chat/completions", "POST").route().rule()).isEqualTo("chat");
        assertThat(t.match(null, "/v1/chat", "POST").route().rule()).isEqualTo("chat");
        assertThat(t.match(null, "/v1/chatty", "POST").route().rule()).isEqualTo("all");
        assertThat(t.match(null, "/v1", "GET").route().rule()).isEqualTo("all");
        assertThat(t.match(null, "/v10", "GET")).isNull();
        assertThat(t.match(null, "/", "GET")).isNull();
    }

    @Test
    void shouldHonourMethodsAndInactiveRoutes() {
        RouteTable t = new RouteTable(List.of(), List.of(entry("off", "/v1/chat", List.of(), false, false),
                entry("post", "/v1", List.of("POST"), false, true)));
        assertThat(t.match(null, "/v1/chat/completions", "POST").route().rule()).isEqualTo("post");
        assertThat(t.match(null, "/v1/chat/completions", "GET")).isNull();
    }

    @Test
    void shouldStripTheRulePrefix() {
        RouteTable t = new RouteTable(List.of(), List.of(entry("a", "/team-a", List.of(), true, true),
                entry("slash", "/b/", List.of(), true, true)));
        assertThat(t.match(null, "/team-a/v1/chat", "POST").upstreamPath()).isEqualTo("/v1/chat");
        assertThat(t.match(null, "/team-a", "POST").upstreamPath()).isEqualTo("/");
        assertThat(t.match(null, "/b/v1", "POST").upstreamPath()).isEqualTo("/v1");
    }

    @Test
    void shouldMatchExactAndWildcardHostnames() {
        RouteTable t = new RouteTable(List.of("*.Example.com", "ai.test"),
                List.of(entry("all", "/", List.of(), false, true)));
        assertThat(t.match("api.example.com", "/x", "GET")).isNotNull();
        assertThat(t.match("a.b.EXAMPLE.com", "/x", "GET")).isNotNull();
        assertThat(t.match("ai.test", "/x", "GET")).isNotNull();
        assertThat(t.match("ai.test.", "/x", "GET")).isNotNull();
        assertThat(t.match("example.com", "/x", "GET")).isNull();
        assertThat(t.match("notexample.com", "/x", "GET")).isNull();
        assertThat(t.match(null, "/x", "GET")).isNull();
        assertThat(new RouteTable(List.of(), List.of(entry("all", "/", List.of(), false, true)))
                .match("anything", "/x", "GET")).isNotNull();
    }
}
