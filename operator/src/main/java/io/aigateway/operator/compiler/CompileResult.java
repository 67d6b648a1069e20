package io.aigateway.operator.compiler;

import java.util.List;
import java.util.Optional;

/**
 * The output of one compilation.
 *
 * @param gateways one per AIGateway that is accepted, ordered by name
 * @param diagnostics every problem found, ordered by resource
 */
public record CompileResult(List<CompiledGateway> gateways, List<Diagnostic> diagnostics) {

    public CompileResult {
        gateways = List.copyOf(gateways);
        diagnostics = List.copyOf(diagnostics);
    }

    public Optional<CompiledGateway> gateway(String name) {
        return gateways.stream().filter(g -> g.gateway().equals(name)).findFirst();
    }

    public List<Diagnostic> diagnosticsFor(ResourceRef resource) {
        return diagnostics.stream().filter(d -> d.resource().equals(resource)).toList();
    }
}
