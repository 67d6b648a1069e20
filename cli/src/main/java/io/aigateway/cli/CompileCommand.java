package io.aigateway.cli;

import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                    + "as YAML documents on stdout.",
            "Diagnostics (resources the operator would reject or leave out) go to stderr, one per line; they do "
                    + "not change the exit status. Resources are compiled per namespace; Secrets are read from "
                    + "the input, never from a cluster.",
            "",
            "The credentials Secret holds the provider credentials read from the input's Secrets: treat the "
                    + "output as secret."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:Compiled, with or without diagnostics.",
            " 1:Input that could not be read (nothing is printed on stdout).",
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
        RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());
        List<HasMetadata> objects = new ArrayList<>();
        for (Map.Entry<String, Snapshot> entry : inputs.snapshots().entrySet()) {
            CompileResult result = compiler.compile(entry.getValue());
            for (CompiledGateway gateway : result.gateways()) {
                if (gateway.fits()) {
                    objects.add(GatewayObjects.configMap(entry.getKey(), gateway));
                    objects.add(GatewayObjects.credentialsSecret(entry.getKey(), gateway));
                } else {
                    err.println("AIGateway " + entry.getKey() + "/" + gateway.gateway()
                            + ": not printed, its config is too large for one object");
                }
            }
            for (Diagnostic diagnostic : result.diagnostics()) {
                err.println(diagnostic);
            }
        }
        out.print(toYaml(objects));
        out.flush();
        err.flush();
        return Aigw.OK;
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
