package io.aigateway.operator.compiler;

import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.Reason;

/**
 * One problem with one resource: the condition it turns False, why, and what to fix. Messages name resources and
 * Secret keys, never a Secret's value.
 */
public record Diagnostic(ResourceRef resource, ConditionType condition, Reason reason, String message) {

    @Override
    public String toString() {
        return resource + ": " + condition + "=False " + reason + ": " + message;
    }
}
