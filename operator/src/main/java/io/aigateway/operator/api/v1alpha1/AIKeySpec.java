package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Desired state of an AIKey. */
public class AIKeySpec {

    @Required
    @JsonPropertyDescription("The AIGateway that accepts this key, by name in the same namespace.")
    private LocalRef gatewayRef;

    @JsonPropertyDescription("Secret key holding the client key. Omit it and the operator generates a strong key "
            + "into the Secret <name>-client-key once, and never rewrites it.")
    private SecretKeyRef secretRef;

    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    @JsonPropertyDescription("When the key stops being accepted, RFC 3339, for example 2026-01-01T00:00:00Z. "
            + "Omit for a key that does not expire.")
    private String expiresAt;

    @JsonPropertyDescription("What this key may use across every route, counted in the gateway's rateLimitStore. "
            + "When set, it replaces the gateway's defaultKeyLimits as a whole (a limit left out here is no limit, "
            + "not the default's). Leave out to take the gateway's defaultKeyLimits.")
    private UsageLimitsSpec limits;

    @JsonPropertyDescription("What this key may spend per UTC day or month, priced with the targets' cost; a target "
            + "without a cost counts 0.")
    private BudgetSpec budget;

    public LocalRef getGatewayRef() {
        return gatewayRef;
    }

    public void setGatewayRef(LocalRef gatewayRef) {
        this.gatewayRef = gatewayRef;
    }

    public SecretKeyRef getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretKeyRef secretRef) {
        this.secretRef = secretRef;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public UsageLimitsSpec getLimits() {
        return limits;
    }

    public void setLimits(UsageLimitsSpec limits) {
        this.limits = limits;
    }

    public BudgetSpec getBudget() {
        return budget;
    }

    public void setBudget(BudgetSpec budget) {
        this.budget = budget;
    }
}
