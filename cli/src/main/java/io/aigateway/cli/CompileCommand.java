package io.aigateway.cli;

import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aigw compile}: what the operator would write for every gateway. */
@Command(name = "compile",
        mixinStandardHelpOptions = true,
        description = {
            "Compiles resources as the operator does; prints what it would write for every AIGateway.",
            "",
            "For every AIGateway, the ConfigMap <gateway>-routing and the Secret <gateway>-credentials are printed "
                    + "as YAML documents on stdout; a config too large for one ConfigMap is printed as its shards "
                    + "(ConfigMaps <gateway>-routing-<digest>) followed by <gateway>-routing listing them.",
            "Diagnostics (resources the API server or the operator would reject or leave out) go to stderr, one "
                    + "per line; the rest is compiled, as in a cluster. Resources are compiled per namespace; Secrets "
                    + "are read from the input, never from a cluster.",
            "",
            "The credentials Secret holds the provider credentials read from the input's Secrets: treat the "
                    + "output as secret."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:Every AIGateway of the input printed, with or without diagnostics.",
            " 1:Input that could not be read (nothing is printed on stdout), no AIGateway, or an AIGateway that "
                    + "is not printed (rejected, not accepted, or too large; stderr names it).",
            " 2:Invalid command line."})
final class CompileCommand implements Callable<Integer> {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Mixin
    private InputOptions input;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Inputs inputs = Inputs.load(input);
        List<String> unreadable = inputs.unreadable();
        if (inputs.ignored() > 0) {
            err.println("ignored " + inputs.ignored() + " document(s) of other kinds");
        }
        if (!unreadable.isEmpty()) {
            unreadable.forEach(err::println);
            err.flush();
            return Aigw.PROBLEMS;
        }
        inputs.rejections().forEach(err::println);
        RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());
        List<HasMetadata> objects = new ArrayList<>();
        Set<ResourceRef> tooLarge = new TreeSet<>();
        Set<ResourceRef> printed = new TreeSet<>();
        for (Map.Entry<String, Snapshot> entry : inputs.snapshots().entrySet()) {
            CompileResult result = compiler.compile(entry.getValue());
            for (CompiledGateway gateway : result.gateways()) {
                ResourceRef ref = new ResourceRef("AIGateway", entry.getKey(), gateway.gateway());
                if (gateway.fits()) {
                    // Shards before the manifest that lists them, so that kubectl apply writes them in that order.
                    objects.addAll(GatewayObjects.shards(entry.getKey(), gateway));
                    objects.add(GatewayObjects.configMap(entry.getKey(), gateway));
                    objects.add(GatewayObjects.credentialsSecret(entry.getKey(), gateway));
                    printed.add(ref);
                } else {
                    tooLarge.add(ref);
                }
            }
            for (Diagnostic diagnostic : result.diagnostics()) {
                err.println(diagnostic);
            }
        }
        List<String> notPrinted = new ArrayList<>();
        inputs.resources().stream().map(LoadedResource::ref).filter(ref -> ref.kind().equals("AIGateway"))
                .filter(ref -> !printed.contains(ref)).distinct().sorted()
                .forEach(ref -> notPrinted.add(ref + ": not printed: " + (inputs.isRejected(ref)
                        ? "the API server would reject it (see above)"
                        : tooLarge.contains(ref) ? "its config is too large (see ConfigTooLarge above)"
                        : "its spec is not accepted (see above)")));
        if (printed.isEmpty() && notPrinted.isEmpty()) {
            notPrinted.add("nothing to print: no AIGateway in the input");
        }
        notPrinted.forEach(err::println);
        out.print(toYaml(objects));
        out.flush();
        err.flush();
        return notPrinted.isEmpty() ? Aigw.OK : Aigw.PROBLEMS;
    }

    /** YAML documents separated by '---'. */
    static String toYaml(List<HasMetadata> objects) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : objects) {
            String document = SERIALIZATION.asYaml(object);
            if (!document.startsWith("---")) {
                yaml.append("---\n");
            }
            yaml.append(document);
            if (!document.endsWith("\n")) {
                yaml.append('\n');
            }
        }
        return yaml.toString();
    }
}
