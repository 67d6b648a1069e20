package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's objects the API server refused to write (an admission policy or webhook, a quota, RBAC), as the
 * Ready condition: each object by kind and name, with the server's own message.
 */
final class WriteFailures {

    private WriteFailures() {
    }

    /** Ready=False(WriteFailed) naming every failed object; empty when every write succeeded. */
    @SuppressWarnings("rawtypes") // as JOSDK's WorkflowResult hands them over
    static Optional<DesiredCondition> readyCondition(AIGateway gateway,
            Map<DependentResource, Exception> failures) {
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        String refused = failures.entrySet().stream()
                .map(failure -> describe(failure.getKey(), gateway) + ": " + serverMessage(failure.getValue()))
                .sorted()
                .collect(Collectors.joining("; "));
        return Optional.of(DesiredCondition.isFalse(ConditionType.READY, Reason.WRITE_FAILED,
                "Could not write " + refused + ". The operator retries with backoff; fix what the API server "
                        + "objects to (see kubectl describe aigateway " + gateway.getMetadata().getName()
                        + " and the operator's log)."));
    }

    private static String describe(DependentResource<?, ?> dependent, AIGateway gateway) {
        String kind = HasMetadata.getKind(dependent.resourceType().asSubclass(HasMetadata.class));
        return dependent instanceof GatewayObjectDependent object ? kind + " " + object.objectName(gateway) : kind;
    }

    /** The API server's message when the failure is its answer (not the client's request dump), else the error. */
    private static String serverMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException refusal && refusal.getStatus() != null
                    && refusal.getStatus().getMessage() != null) {
                return refusal.getStatus().getMessage();
            }
        }
        return failure.toString();
    }
}
