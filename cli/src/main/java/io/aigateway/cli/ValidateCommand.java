package io.aigateway.cli;

import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.status.Reason;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigw validate}: what the API server and the operator would say about the resources. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks resources as the API server and the operator would; prints one line per problem.",
            "",
            "Each line names the resource (Kind namespace/name), what is wrong, and the file and document it "
                    + "came from. Every resource is checked",
            "  1. against its CRD's openAPIV3Schema (types, enums, ranges, patterns, required and unknown fields),",
            "  2. against the CRD's CEL rules (x-kubernetes-validations), as the API server would on apply,",
            "  3. with the operator's compiler: dangling references, missing Secrets, path conflicts, expired "
                    + "keys and the like. A resource that failed 1 or 2 (or a Secret whose data is not base64) is "
                    + "left out, as the API server would reject it; what refers to it says it 'was rejected (see "
                    + "above)'.",
            "",
            "Not a problem: an AIKey without secretRef whose Secret is not in the input (reason KeyNotGenerated), "
                    + "since the operator generates that Secret in the cluster.",
            "",
            "Run it in CI before a GitOps tool (Argo CD, Flux) syncs the files. Repositories that keep Secrets "
                    + "out of Git pass --ignore-missing-secrets."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:Every resource is valid (prints 'N resources valid').",
            " 1:At least one problem, input that could not be read, or no resources at all (without --allow-empty).",
            " 2:Invalid command line."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    private InputOptions input;

    @Option(names = "--ignore-missing-secrets",
            description = "Do not report Secrets or Secret keys the resources reference but the input lacks "
                    + "(reasons SecretNotFound and SecretKeyNotFound), for repositories that keep Secrets out "
                    + "of Git.")
    private boolean ignoreMissingSecrets;

    @Option(names = "--allow-empty",
            description = "Exit 0 when the input holds none of our resources or Secrets (an empty file or "
                    + "directory); without it that is a problem, so that a CI check that validates nothing fails.")
    private boolean allowEmpty;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Inputs inputs = Inputs.load(input);
        List<String> problems = new ArrayList<>(inputs.problems());
        if (inputs.resources().isEmpty() && problems.isEmpty() && !allowEmpty) {
            problems.add("no resources in " + input.paths.stream().map(Object::toString)
                    .collect(Collectors.joining(", ")) + (inputs.ignored() > 0 ? " (only other kinds)" : "")
                    + ": nothing was validated; pass --allow-empty if that is expected");
        }

        Set<Reason> exempt = EnumSet.of(Reason.KEY_NOT_GENERATED);
        if (ignoreMissingSecrets) {
            exempt.add(Reason.SECRET_NOT_FOUND);
            exempt.add(Reason.SECRET_KEY_NOT_FOUND);
        }
        RoutingCompiler compiler = new RoutingCompiler(Clock.systemUTC());
        // The Secrets exempted above may be missing: compile as if they were there, so that nothing that
        // depends on them (a gateway leaving out a key or an upstream) is reported either.
        for (Snapshot snapshot : inputs.snapshotsAssuming(true, ignoreMissingSecrets).values()) {
            for (Diagnostic diagnostic : compiler.compile(snapshot).diagnostics()) {
                if (!exempt.contains(diagnostic.reason())) {
                    problems.add(diagnostic.resource() + ": " + diagnostic.reason() + ": " + diagnostic.message()
                            + " (" + inputs.source(diagnostic.resource()) + ")");
                }
            }
        }

        if (inputs.ignored() > 0) {
            err.println("ignored " + inputs.ignored() + " document(s) of other kinds");
        }
        int resources = inputs.resources().size();
        if (problems.isEmpty()) {
            out.println(resources + " resources valid");
        } else {
            problems.forEach(out::println);
            err.println(problems.size() + " problem(s) in " + resources + " resources");
        }
        out.flush();
        err.flush();
        return problems.isEmpty() ? Aigw.OK : Aigw.PROBLEMS;
    }
}
