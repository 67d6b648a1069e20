package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;

/** A dependent that writes one object of a gateway, whose name conditions can give when its write fails. */
interface GatewayObjectDependent {

    /** The name of the object this dependent writes for {@code gateway}, in the gateway's namespace. */
    String objectName(AIGateway gateway);
}
