package io.aigateway.cli;

import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One compilation of {@code aigw run}'s input, as {@code aigw compile} does it, and the gateway to serve. */
final class RunCompilation {

    /** An accepted gateway and its namespace. */
    record Found(String namespace, CompiledGateway compiled) {
        String ref() {
            return namespace + "/" + compiled.gateway();
        }
    }

    /** The gateway to serve, or why there is none ({@code found} null). */
    record Choice(Found found, String problem) {
    }

    private final Inputs inputs;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Found> gateways = new ArrayList<>();

    private RunCompilation(Inputs inputs, RoutingCompiler compiler) {
        this.inputs = inputs;
        if (!inputs.unreadable().isEmpty()) {
            return;
        }
        for (Map.Entry<String, Snapshot> entry : inputs.snapshots().entrySet()) {
            CompileResult result = compiler.compile(entry.getValue());
            result.gateways().forEach(gateway -> gateways.add(new Found(entry.getKey(), gateway)));
            diagnostics.addAll(result.diagnostics());
        }
    }

    static RunCompilation of(InputOptions input, RoutingCompiler compiler) {
        return of(input, compiler, null);
    }

    /**
     * Compiles the input again: a resource the API server would now reject keeps its version from {@code before},
     * as it would in a cluster.
     *
     * @param before the last compilation whose input could be read, or null
     */
    static RunCompilation of(InputOptions input, RoutingCompiler compiler, RunCompilation before) {
        return new RunCompilation(Inputs.load(input, before == null ? null : before.inputs), compiler);
    }

    /** Why the input could not be compiled at all; empty when it was. */
    List<String> unreadable() {
        return inputs.unreadable();
    }

    /** What the API server would reject, one line per problem, as 'aigw validate' prints it. */
    List<String> rejections() {
        return inputs.rejections();
    }

    /** The rejected resources whose version from the compilation before is compiled instead. */
    List<ResourceRef> kept() {
        return inputs.kept();
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    int ignored() {
        return inputs.ignored();
    }

    /** The accepted gateways, by namespace then name. */
    List<Found> gateways() {
        return gateways;
    }

    /**
     * The gateway to serve: the only one, or the one {@code wanted} names ({@code NAME} or {@code NAMESPACE/NAME}).
     */
    Choice choose(String wanted) {
        if (!unreadable().isEmpty()) {
            return new Choice(null, cannotBeRead());
        }
        List<Found> candidates = wanted == null ? gateways : gateways.stream()
                .filter(found -> wanted.contains("/") ? found.ref().equals(wanted)
                        : found.compiled().gateway().equals(wanted))
                .toList();
        if (candidates.size() == 1) {
            return fits(candidates.get(0));
        }
        String all = gateways.stream().map(Found::ref).toList().toString();
        if (wanted == null && candidates.isEmpty()) {
            return new Choice(null, diagnostics.isEmpty() && rejections().isEmpty() ? "no AIGateway in the input"
                    : "no accepted AIGateway in the input; a gateway whose spec is invalid is left out (see the "
                            + "problems above)");
        }
        if (wanted == null) {
            return new Choice(null, candidates.size() + " AIGateways in the input " + all
                    + "; pick one with --gateway NAME");
        }
        if (candidates.isEmpty()) {
            return new Choice(null, "no accepted AIGateway " + wanted + " in the input; accepted: " + all);
        }
        return new Choice(null, "AIGateway " + wanted + " is in several namespaces " + all
                + "; pick one with --gateway NAMESPACE/NAME");
    }

    /** The gateway found before, by namespace and name, when it is still accepted and fits. */
    Choice again(Found before) {
        if (!unreadable().isEmpty()) {
            return new Choice(null, cannotBeRead());
        }
        Optional<Found> now = gateways.stream().filter(found -> found.ref().equals(before.ref())).findFirst();
        if (now.isPresent()) {
            return fits(now.get());
        }
        ResourceRef ref = new ResourceRef("AIGateway", before.namespace(), before.compiled().gateway());
        List<String> why = diagnostics.stream().filter(d -> d.resource().equals(ref)).map(Diagnostic::message)
                .toList();
        if (!why.isEmpty()) {
            return new Choice(null, ref + " is not accepted: " + String.join("; ", why));
        }
        return new Choice(null, ref + (inputs.isRejected(ref) ? " was rejected (see above)"
                : " is no longer in the input"));
    }

    private String cannotBeRead() {
        return "the input cannot be read: " + String.join("; ", unreadable());
    }

    private static Choice fits(Found found) {
        if (!found.compiled().fits()) {
            return new Choice(null, "AIGateway " + found.ref() + ": its config is too large (see "
                    + "ConfigTooLarge), so the operator would not write it either");
        }
        return new Choice(found, null);
    }
}
