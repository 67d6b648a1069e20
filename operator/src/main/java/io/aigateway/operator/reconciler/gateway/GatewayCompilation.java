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
        return Optional.ofNullable(compiled).filter(CompiledGateway::fits);
    }

    void putInto(Context<AIGateway> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    static GatewayCompilation from(Context<AIGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, GatewayCompilation.class);
    }

    /** What the dependents write; they only run when there is one. */
    static CompiledGateway writableFrom(Context<AIGateway> context) {
        return from(context).writable().orElseThrow(() -> new IllegalStateException(
                "the dependents of an AIGateway run only when its config compiled and fits"));
    }
}
