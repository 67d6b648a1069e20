package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RoutingConfig;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** While a gateway's routing change waits (ConfigTooLarge), its credentials still rotate. */
class CredentialsWhileRoutingWaitsTest {

    private static CompiledGateway compiled(Map<String, String> credentials) {
        RoutingConfig config = new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "rev", "gw", "ns", List.of(),
                List.of(), 1024, List.of(), List.of(), List.of(), List.of(), null);
        return new CompiledGateway("gw", config, "{}", List.of(), new TreeMap<>(credentials));
    }

    private static Secret written(Map<String, String> entries) {
        return GatewayObjects.credentialsSecret("ns", "gw", entries);
    }

    @Test
    void shouldRotateTheCompiledEntriesAndKeepThoseTheServedConfigStillReads() {
        Secret secret = CredentialsSecretDependent.whileRoutingWaits("ns",
                compiled(Map.of("chat.openai.apiKey", "sk-rotated", "new.openai.apiKey", "sk-new")),
                Optional.of(written(Map.of("chat.openai.apiKey", "sk-old", "gone.openai.apiKey", "sk-gone"))));

        assertThat(Snapshot.decode(secret)).isEqualTo(Map.of("chat.openai.apiKey", "sk-rotated",
                "new.openai.apiKey", "sk-new", "gone.openai.apiKey", "sk-gone"));
    }

    @Test
    void shouldKeepTheWrittenSecretWhenTheCompiledCredentialsDoNotFitEither() {
        Secret secret = CredentialsSecretDependent.whileRoutingWaits("ns",
                compiled(Map.of("chat.openai.apiKey", "sk-" + "k".repeat(1_100_000))),
                Optional.of(written(Map.of("chat.openai.apiKey", "sk-old"))));

        assertThat(Snapshot.decode(secret)).isEqualTo(Map.of("chat.openai.apiKey", "sk-old"));
        assertThat(CredentialsSecretDependent.whileRoutingWaits("ns",
                compiled(Map.of("chat.openai.apiKey", "sk-" + "k".repeat(1_100_000))), Optional.empty()).getData())
                .isEmpty();
    }
}
