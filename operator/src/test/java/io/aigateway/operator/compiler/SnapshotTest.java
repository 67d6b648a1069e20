package io.aigateway.operator.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static Secret secret(Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("keys").endMetadata().withData(data).build();
    }

    @Test
    void shouldDecodeSecretDataAsTheApiServerDoesSkippingOnlyLineBreaks() {
        assertThat(Snapshot.decode(secret(Map.of("openai", "c2stb3Bl\r\nbmFpLWtleQ==\n"))))
                .containsExactly(Map.entry("openai", "sk-openai-key"));
    }

    @Test
    void shouldRefuseDataThatIsNotBase64NamingTheKeyAndNotTheValue() {
        // A lenient decoder skips '@' and the space, and decodes the rest into a credential nobody wrote.
        for (String value : new String[] {"c2stb3Blbm@FpLWtleQ==", "c2stb3Bl bmFpLWtleQ==", "c2stb3BlbmFpLWtleQ"}) {
            assertThatThrownBy(() -> Snapshot.decode(secret(Map.of("openai", value))))
                    .isInstanceOf(Snapshot.InvalidSecretDataException.class)
                    .hasMessage("data.openai: not valid base64");
        }
    }
}
