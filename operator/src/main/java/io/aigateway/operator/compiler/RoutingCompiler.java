package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.TargetStatus;
import java.time.Clock;
import java.util.List;

/**
 * Compiles the resources of one namespace into one routing config per AIGateway, with a diagnostic for every bad
 * resource. Pure: no I/O, no Kubernetes client; the same snapshot and clock give byte-identical output.
 */
public final class RoutingCompiler {

    /** Bytes of config or credentials one object may carry, leaving room under the 1 MiB object limit. */
    public static final int MAX_OBJECT_BYTES = 1_000_000;

    private final Clock clock;

    public RoutingCompiler(Clock clock) {
        this.clock = clock;
    }

    /** Compiles every gateway of the snapshot and diagnoses every resource in it. */
    public CompileResult compile(Snapshot snapshot) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * The diagnostics of one resource, reading only what its checks need: an AIUpstream reads the Secrets; an
     * AIService the upstreams; an AIRule the gateways, services, upstreams and the other rules of its gateway; an
     * AIKey the gateways and Secrets; an AIGateway nothing else.
     */
    public List<Diagnostic> diagnose(Snapshot snapshot, ResourceRef resource) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * The status entry of every target of an upstream: name, provider and resolved endpoint URL (empty when the
     * target's endpoint cannot be resolved; its diagnostics say why).
     */
    public static List<TargetStatus> describeTargets(AIUpstream upstream) {
        throw new UnsupportedOperationException("in progress");
    }
}
