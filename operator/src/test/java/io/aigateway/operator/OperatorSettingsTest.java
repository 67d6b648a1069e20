package io.aigateway.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.operator.reconciler.gateway.ProxyObjects;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    private static final LeaderCallbacks NO_CALLBACKS = new LeaderCallbacks(() -> { }, () -> { }, leader -> { });

    @Test
    void shouldWatchAllNamespacesWhenUnsetOrBlank() {
        assertThat(OperatorSettings.watchedNamespaces(null)).isEmpty();
        assertThat(OperatorSettings.watchedNamespaces("")).isEmpty();
        assertThat(OperatorSettings.watchedNamespaces(" , ")).isEmpty();
    }

    @Test
    void shouldWatchTheListedNamespacesTrimmed() {
        assertThat(OperatorSettings.from(Map.of("WATCH_NAMESPACES", "team-b, team-a,,team-b ")).watchedNamespaces())
                .containsExactly("team-a", "team-b");
    }

    @Test
    void shouldElectALeaderOnTheOperatorsLeaseWhenItsNamespaceIsKnown() {
        var settings = OperatorSettings.from(Map.of("OPERATOR_NAMESPACE", "aigw-system"));

        var election = settings.leaderElection(NO_CALLBACKS).orElseThrow();
        assertThat(election.getLeaseName()).isEqualTo("ai-gateway-operator");
        assertThat(election.getLeaseNamespace()).contains("aigw-system");
        assertThat(election.isExitOnStopLeading()).isTrue();
        assertThat(election.getLeaderCallbacks()).containsSame(NO_CALLBACKS);
    }

    @Test
    void shouldRunWithoutLeaderElectionWhenTurnedOffOrWithoutNamespace() {
        assertThat(OperatorSettings.from(Map.of("OPERATOR_NAMESPACE", "aigw-system", "LEADER_ELECTION", "false"))
                .leaderElection(NO_CALLBACKS)).isEmpty();
        assertThat(OperatorSettings.from(Map.of()).leaderElection(NO_CALLBACKS)).isEmpty();
    }

    @Test
    void shouldRefuseLeaderElectionWithoutALeaseNamespace() {
        assertThatThrownBy(() -> OperatorSettings.from(Map.of("LEADER_ELECTION", "true")))
                .hasMessageContaining("OPERATOR_NAMESPACE");
        assertThatThrownBy(() -> OperatorSettings.from(Map.of("LEADER_ELECTION", "yes")))
                .hasMessageContaining("true or false");
    }

    @Test
    void shouldReadEverySecretUnlessALabelSelectorNarrowsThem() {
        assertThat(OperatorSettings.from(Map.of()).secretSelector().description()).isEmpty();
        assertThat(OperatorSettings.from(Map.of("SECRET_LABEL_SELECTOR", " ")).secretSelector().labels()).isEmpty();
        assertThat(OperatorSettings.from(Map.of("SECRET_LABEL_SELECTOR", "team=ai, aigateway.io/secret=true"))
                .secretSelector().labels())
                .containsExactly(Map.entry("aigateway.io/secret", "true"), Map.entry("team", "ai"));
        assertThat(OperatorSettings.from(Map.of("SECRET_LABEL_SELECTOR", "team=ai,aigateway.io/secret=true"))
                .secretSelector().description()).contains("aigateway.io/secret=true,team=ai");
    }

    @Test
    void shouldRefuseASecretLabelSelectorOtherThanEqualities() {
        for (String selector : new String[] {"aigateway.io/secret", "env!=prod", "tier in (a,b)", "=x", "a=b=c"}) {
            assertThatThrownBy(() -> OperatorSettings.from(Map.of("SECRET_LABEL_SELECTOR", selector)))
                    .as(selector).hasMessageContaining("SECRET_LABEL_SELECTOR").hasMessageContaining("key=value");
        }
    }

    @Test
    void shouldServeEndpointsOnMetricsPortOr8080() {
        assertThat(OperatorSettings.from(Map.of()).metricsPort()).isEqualTo(8080);
        assertThat(OperatorSettings.from(Map.of("METRICS_PORT", "9400")).metricsPort()).isEqualTo(9400);
        assertThatThrownBy(() -> OperatorSettings.from(Map.of("METRICS_PORT", "http")))
                .hasMessageContaining("METRICS_PORT");
        assertThatThrownBy(() -> OperatorSettings.from(Map.of("METRICS_PORT", "70000")))
                .hasMessageContaining("METRICS_PORT");
    }

    @Test
    void shouldRunTheProxyOfItsOwnVersionUnlessProxyImageIsSet() {
        assertThat(OperatorSettings.from(Map.of()).proxyImage()).isEqualTo(ProxyObjects.defaultImage())
                .matches("ghcr\\.io/ai-gateway-operator/proxy:\\d+\\.\\d+\\.\\d+.*");
        assertThat(OperatorSettings.from(Map.of("PROXY_IMAGE", " ")).proxyImage())
                .isEqualTo(ProxyObjects.defaultImage());
        assertThat(OperatorSettings.from(Map.of("PROXY_IMAGE", "registry.example/aigw/proxy:1.2.3")).proxyImage())
                .isEqualTo("registry.example/aigw/proxy:1.2.3");
    }
}
