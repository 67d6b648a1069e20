package io.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEnvironmentTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("AIGW_GATEWAY", "gw", "AIGW_NAMESPACE", "team",
                "AIGW_REPLICA", "gw-proxy-7d9f-abcde"));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void shouldApplyTheContractsDefaults() {
        assertThat(ProxyEnvironment.from(env())).isEqualTo(new ProxyEnvironment("gw", "team", "gw-proxy-7d9f-abcde",
                8080, 9090, Duration.ofSeconds(25), 0));
    }

    @Test
    void shouldReadEveryVariable() {
        assertThat(ProxyEnvironment.from(env("AIGW_PORT", "8443", "AIGW_ADMIN_PORT", "9443",
                "AIGW_SHUTDOWN_GRACE_SECONDS", "0", "AIGW_EVENT_LOOPS", "3"))).isEqualTo(new ProxyEnvironment("gw",
                "team", "gw-proxy-7d9f-abcde", 8443, 9443, Duration.ZERO, 3));
    }

    @Test
    void shouldFallBackToTheHostnameForTheReplicaName() {
        assertThat(ProxyEnvironment.from(env("AIGW_REPLICA", null, "HOSTNAME", "pod-1")).replica())
                .isEqualTo("pod-1");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_REPLICA", " ")))
                .hasMessageContaining("AIGW_REPLICA");
    }

    @Test
    void shouldNameAMissingGatewayOrNamespace() {
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_GATEWAY", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AIGW_GATEWAY");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_NAMESPACE", "")))
                .hasMessageContaining("AIGW_NAMESPACE");
    }

    @Test
    void shouldRefuseBadPortsGraceAndEventLoops() {
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_PORT", "http")))
                .hasMessage("AIGW_PORT must be a whole number from 1 to 65535, was \"http\"");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_ADMIN_PORT", "70000")))
                .hasMessageContaining("AIGW_ADMIN_PORT");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_PORT", "9090")))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_SHUTDOWN_GRACE_SECONDS", "-1")))
                .hasMessageContaining("AIGW_SHUTDOWN_GRACE_SECONDS");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_EVENT_LOOPS", "two")))
                .hasMessage("AIGW_EVENT_LOOPS must be a whole number from 0 to 1024, was \"two\"");
        assertThatThrownBy(() -> ProxyEnvironment.from(env("AIGW_EVENT_LOOPS", "-1")))
                .hasMessageContaining("AIGW_EVENT_LOOPS");
    }
}
