package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier: with a secret label selector, the operator reads only the labelled Secrets; a resource that
 * refers to another says so, naming the selector, until the Secret is labelled.
 */
class SecretLabelSelectorIT extends OperatorITBase {

    private static final String LABEL = "aigateway.io/secret";

    @Override
    protected SecretSelector secretSelector() {
        return SecretSelector.parse(LABEL + "=true");
    }

    @Test
    void shouldReportAnUnlabelledSecretAsNotFoundNamingTheSelectorUntilItIsLabelled() {
        applySample("weighted");

        eventually().untilAsserted(() -> {
            Condition resolved = conditions(AIUpstream.class, "weighted-upstream").get("ResolvedRefs");
            assertThat(resolved.getStatus()).isEqualTo("False");
            assertThat(resolved.getReason()).isEqualTo("SecretNotFound");
            assertThat(resolved.getMessage()).contains("weighted-provider-keys", LABEL + "=true");
        });

        edit(Secret.class, "weighted-provider-keys", secret -> {
            secret.getMetadata().setLabels(Map.of(LABEL, "true"));
            return secret;
        });
        eventually().untilAsserted(() -> assertThat(summary(AIUpstream.class, "weighted-upstream"))
                .contains("ResolvedRefs=True"));
    }

    @Test
    void shouldLabelTheKeySecretsItGeneratesSoThatItReadsThem() {
        applySample("weighted");

        eventually().untilAsserted(() -> assertThat(summary(AIKey.class, "weighted-clients"))
                .contains("ResolvedRefs=True"));
        Secret generated = get(Secret.class, GatewayObjects.generatedKeySecretName("weighted-clients"));
        assertThat(generated.getMetadata().getLabels()).containsEntry(LABEL, "true");
    }

    @Test
    void shouldLabelAKeySecretItGeneratedBeforeTheSelectorWasSetAndKeepItsKey() {
        String name = GatewayObjects.generatedKeySecretName("weighted-clients");
        create(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData(GatewayObjects.GENERATED_KEY_DATA_KEY, "sk-generated-earlier").build());
        applySample("weighted");

        eventually().untilAsserted(() -> {
            Secret labelled = get(Secret.class, name);
            assertThat(labelled.getMetadata().getLabels()).containsEntry(LABEL, "true");
            assertThat(Snapshot.decode(labelled)).containsEntry(GatewayObjects.GENERATED_KEY_DATA_KEY,
                    "sk-generated-earlier");
            assertThat(summary(AIKey.class, "weighted-clients")).contains("ResolvedRefs=True");
        });
    }
}
