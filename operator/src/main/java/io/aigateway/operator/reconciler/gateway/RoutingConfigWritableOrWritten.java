package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether {@code <gateway>-routing} is reconciled: when the config fits (it is written), or when one is written
 * already (it stays as it is). A gateway whose first config does not fit has none, and gets none; JOSDK's "delete"
 * of a dependent whose precondition fails has then nothing to delete.
 */
public class RoutingConfigWritableOrWritten implements Condition<ConfigMap, AIGateway> {

    @Override
    public boolean isMet(DependentResource<ConfigMap, AIGateway> dependent, AIGateway gateway,
            Context<AIGateway> context) {
        return GatewayCompilation.from(context).writable().isPresent()
                || dependent.getSecondaryResource(gateway, context).isPresent();
    }
}
