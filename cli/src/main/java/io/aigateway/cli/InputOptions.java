package io.aigateway.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command reads its input with. */
final class InputOptions {

    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "PATH",
            description = "YAML file or directory (every *.yaml and *.yml below it). Repeatable; a file may hold "
                    + "several documents separated by '---'.")
    List<Path> paths;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", paramLabel = "NAMESPACE",
            description = "Namespace of resources that do not name one. Default: ${DEFAULT-VALUE}.")
    String namespace;
}
