package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Observed state of an AIKey, written by the operator. Never holds the key. */
public class AIKeyStatus extends ConditionedStatus {

    @JsonPropertyDescription("Name of the Secret that holds the key.")
    private String secretName;

    @JsonPropertyDescription("First 12 hex digits of the key's SHA-256, to tell keys apart. Never the key.")
    private String fingerprint;

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(secretName, ((AIKeyStatus) o).secretName)
                && Objects.equals(fingerprint, ((AIKeyStatus) o).fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), secretName, fingerprint);
    }
}
