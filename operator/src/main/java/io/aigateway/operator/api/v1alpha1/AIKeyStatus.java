package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.usage.KeyUsage;
import java.util.Objects;

/**
 * Observed state of an AIKey: conditions, Secret and fingerprint from the operator, usage from the proxies. Never
 * holds the key. The operator applies only its own fields; nulls are left out of the JSON, so a status it applies
 * server-side names none of the proxies' fields and does not take them over.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIKeyStatus extends ConditionedStatus {

    @JsonPropertyDescription("Name of the Secret that holds the key.")
    private String secretName;

    @JsonPropertyDescription("First 12 hex digits of the key's SHA-256, to tell keys apart. Never the key.")
    private String fingerprint;

    @JsonPropertyDescription("What the key used in its current windows, against its limits and budget, written by "
            + "the gateway's proxies every few seconds while the key is used (never by the operator). Absent until a "
            + "proxy reports.")
    private KeyUsage usage;

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

    public KeyUsage getUsage() {
        return usage;
    }

    public void setUsage(KeyUsage usage) {
        this.usage = usage;
    }

    /** A copy of this status with the proxies' field ({@code usage}) taken from {@code reported}. */
    public AIKeyStatus withProxyFieldsOf(AIKeyStatus reported) {
        AIKeyStatus copy = new AIKeyStatus();
        copy.setObservedGeneration(getObservedGeneration());
        copy.setConditions(getConditions());
        copy.secretName = secretName;
        copy.fingerprint = fingerprint;
        copy.usage = reported == null ? null : reported.usage;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(secretName, ((AIKeyStatus) o).secretName)
                && Objects.equals(fingerprint, ((AIKeyStatus) o).fingerprint)
                && Objects.equals(usage, ((AIKeyStatus) o).usage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), secretName, fingerprint, usage);
    }
}
