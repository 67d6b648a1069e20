package io.aigateway.operator.compiler;

import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.UsageLimits;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.status.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Checks AIKeys and turns the good ones into hashed client keys. */
final class KeyChecks {

    /** @param clientKey null when the key has diagnostics */
    record Checked(List<Diagnostic> diagnostics, ClientKey clientKey) {
    }

    private KeyChecks() {
    }

    static Checked check(AIKey key, Snapshot snapshot, Instant now) {
        Findings findings = new Findings(ResourceRef.of(key));
        String name = key.getMetadata().getName();
        Instant expiresAt = null;
        String expiry = key.getSpec() == null ? null : key.getSpec().getExpiresAt();
        if (expiry != null) {
            try {
                expiresAt = OffsetDateTime.parse(expiry).toInstant();
                if (!expiresAt.isAfter(now)) {
                    findings.invalid(Reason.KEY_EXPIRED, "the key expired at " + expiry
                            + "; set a later spec.expiresAt or remove it to accept the key again");
                }
            } catch (DateTimeParseException e) {
                findings.invalid(Reason.INVALID_EXPIRY, "spec.expiresAt '" + expiry + "' is not an RFC 3339 time "
                        + "such as 2026-01-01T00:00:00Z");
            }
        }
        String gateway = gatewayName(key);
        if (gateway == null) {
            findings.invalid(Reason.GATEWAY_NOT_FOUND, "spec.gatewayRef.name is required");
        } else if (snapshot.gateways().stream().noneMatch(g -> g.getMetadata().getName().equals(gateway))) {
            findings.unresolved(Reason.GATEWAY_NOT_FOUND, "AIGateway '" + gateway + "' "
                    + snapshot.absence("AIGateway", gateway));
        }
        UsageLimits limits = key.getSpec() == null ? null
                : Quotas.limits("spec.limits", key.getSpec().getLimits(), findings);
        Budget budget = key.getSpec() == null ? null : Quotas.budget(key.getSpec().getBudget(), findings);
        String value = keyValue(key, snapshot, findings);
        if (!findings.isEmpty()) {
            return new Checked(findings.toList(), null);
        }
        return new Checked(List.of(), new ClientKey(name, ClientKeys.sha256Hex(value), expiresAt, limits, budget));
    }

    private static String keyValue(AIKey key, Snapshot snapshot, Findings findings) {
        SecretKeyRef ref = secretRef(key);
        if (ref.getName() == null || ref.getKey() == null) {
            findings.invalid(Reason.INVALID_SECRET_REF, "spec.secretRef needs both name and key");
            return null;
        }
        boolean generated = key.getSpec() == null || key.getSpec().getSecretRef() == null;
        Map<String, String> secret = snapshot.secrets().get(ref.getName());
        if (secret == null) {
            if (generated) {
                findings.unresolved(Reason.KEY_NOT_GENERATED, "waiting for the operator to generate the key into "
                        + "Secret '" + ref.getName() + "'");
            } else {
                findings.unresolved(Reason.SECRET_NOT_FOUND, "spec.secretRef refers to Secret '" + ref.getName()
                        + "', which " + snapshot.absence("Secret", ref.getName()));
            }
            return null;
        }
        String value = secret.get(ref.getKey());
        if (value == null) {
            findings.unresolved(Reason.SECRET_KEY_NOT_FOUND, "Secret '" + ref.getName() + "' has no key '"
                    + ref.getKey() + "'; fix spec.secretRef.key or the Secret");
            return null;
        }
        if (value.isBlank()) {
            findings.unresolved(Reason.EMPTY_KEY, "Secret '" + ref.getName() + "' key '" + ref.getKey()
                    + "' is empty; put the client key there");
            return null;
        }
        return value;
    }

    /** The Secret key that holds the client key: the one named, or the one the operator generates. */
    static SecretKeyRef secretRef(AIKey key) {
        if (key.getSpec() != null && key.getSpec().getSecretRef() != null) {
            return key.getSpec().getSecretRef();
        }
        return new SecretKeyRef(GatewayObjects.generatedKeySecretName(key.getMetadata().getName()),
                GatewayObjects.GENERATED_KEY_DATA_KEY);
    }

    static String gatewayName(AIKey key) {
        return key.getSpec() == null || key.getSpec().getGatewayRef() == null ? null
                : key.getSpec().getGatewayRef().getName();
    }
}
