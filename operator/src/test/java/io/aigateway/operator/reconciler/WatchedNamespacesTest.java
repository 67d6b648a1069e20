package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.AIGatewayOperator;
import org.junit.jupiter.api.Test;

class WatchedNamespacesTest {

    @Test
    void shouldWatchAllNamespacesWhenUnsetOrBlank() {
        assertThat(AIGatewayOperator.watchedNamespaces(null)).isEmpty();
        assertThat(AIGatewayOperator.watchedNamespaces("")).isEmpty();
        assertThat(AIGatewayOperator.watchedNamespaces(" , ")).isEmpty();
    }

    @Test
    void shouldWatchTheListedNamespacesTrimmed() {
        assertThat(AIGatewayOperator.watchedNamespaces("team-a, team-b,,team-a "))
                .containsExactly("team-a", "team-b");
    }
}
