package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * One reconcile's compilation of a gateway, computed once and shared with the dependents through the context.
 *
 * @param compiled null when the gateway did not compile (it is not accepted)
 */
record GatewayCompilation(CompileResult result, CompiledGateway compiled) {

    private static final String KEY = GatewayCompilation.class.getName();

    /** The compiled gateway when it may be written: it compiled and fits in its objects. */
    Optional<CompiledGateway> writable() {
        return accepted().filter(CompiledGateway::fits);
    }

    /**
     * The compiled gateway, whether it fits or not: the proxy's workload is reconciled for it, while a config that
     * does not fit leaves the routing objects as they are.
     */
    Optional<CompiledGateway> accepted() {
        return Optional.ofNullable(compiled);
    }

    void putInto(Context<AIGateway> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    static GatewayCompilation from(Context<AIGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, GatewayCompilation.class);
    }

    /** What the dependents compile from; they only run when the gateway is accepted. */
    static CompiledGateway acceptedFrom(Context<AIGateway> context) {
        return from(context).accepted().orElseThrow(() -> new IllegalStateException(
                "the dependents of an AIGateway run only when it is accepted"));
    }
}
