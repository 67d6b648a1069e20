package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The proxy image of gateways that name none, handed from the reconciler to the Deployment dependent. */
final class DefaultProxyImage {

    private static final String KEY = DefaultProxyImage.class.getName();

    private DefaultProxyImage() {
    }

    static void putInto(Context<AIGateway> context, String image) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, image);
    }

    static String from(Context<AIGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, String.class);
    }
}
