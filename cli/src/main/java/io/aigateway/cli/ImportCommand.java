package io.aigateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.aigateway.cli.trustgate.Finding;
import io.aigateway.cli.trustgate.TrustGateImport;
import io.aigateway.cli.trustgate.TrustGateInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigw import}: TrustGate's admin API JSON to our resources. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Converts a TrustGate configuration (its admin API JSON: gateways, upstreams, services, rules, keys) "
                    + "into AIGateway, AIUpstream, AIService, AIRule and AIKey resources and the Secrets they "
                    + "reference, as YAML.",
            "",
            "Input: one JSON document per file: a request {\"request\": \"POST /api/v1/gateways/{gateway_id}/"
                    + "upstreams\", \"body\": {...}}, a resource object (its kind told by its fields), an export "
                    + "{\"gateways\": [...], \"upstreams\": [...], ...}, or an array of requests and objects. "
                    + "TrustGate ids, and placeholders such as {upstream_id}, become references by name.",
            "",
            "Every field that could not be carried over, and every choice made for one, is printed on stderr as "
                    + "'Kind name (input): field: why'.",
            "",
            "Credential values are not copied unless --include-secrets is given: the Secrets hold REPLACE_ME, "
                    + "and a client key becomes one the operator generates."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:Imported, even if some fields could not be carried over.",
            " 1:Nothing imported, input that could not be read, or (with --strict) a field not carried over.",
            " 2:Invalid command line."})
final class ImportCommand implements Callable<Integer> {

    static final String RESOURCES_FILE = "resources.yaml";
    static final String SECRETS_FILE = "secrets.yaml";

    /** Go's YAML, as kubectl reads it, turns an unquoted 2023-06-01 into a time: quote what starts with a digit. */
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new StringQuotingChecker.Default() {
                        @Override
                        public boolean needToQuoteValue(String value) {
                            return super.needToQuoteValue(value)
                                    || (!value.isEmpty() && Character.isDigit(value.charAt(0)));
                        }
                    })
                    .build())
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "PATH",
            description = "TrustGate JSON: a file, a directory (every *.json below it) or - for stdin. Repeatable.")
    private List<Path> paths;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace written into every resource. Default: none (kubectl's current one).")
    private String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write " + RESOURCES_FILE + " and " + SECRETS_FILE + " (mode 600) into DIR instead of "
                    + "printing everything on stdout.")
    private Path output;

    @Option(names = "--include-secrets",
            description = "Copy credential values and client keys from the input into the Secrets. Without it "
                    + "they hold REPLACE_ME (client keys: the operator generates new ones), so that no "
                    + "credential lands in a file, a terminal or a repository by accident.")
    private boolean includeSecrets;

    @Option(names = "--base-domain", paramLabel = "DOMAIN",
            description = "The domain TrustGate served gateway subdomains under: a gateway's subdomain S "
                    + "becomes hostnames [S.DOMAIN]. Without it, gateways answer every host.")
    private String baseDomain;

    @Option(names = "--strict", description = "Exit 1 when any field could not be carried over.")
    private boolean strict;

    @Spec
    private CommandSpec spec;

    private final Clock clock;
    private final InputStream stdin;

    ImportCommand() {
        this(Clock.systemUTC(), System.in);
    }

    ImportCommand(Clock clock, InputStream stdin) {
        this.clock = clock;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrustGateInput.Read read = TrustGateInput.read(paths, stdin);
        if (!read.errors().isEmpty()) {
            read.errors().forEach(err::println);
            err.println("nothing imported: fix the input above");
            err.flush();
            return Aigw.PROBLEMS;
        }
        TrustGateImport.Result result = TrustGateImport.convert(read.items(),
                new TrustGateImport.Options(includeSecrets, baseDomain, namespace, clock));
        for (Finding finding : result.findings()) {
            err.println(finding);
        }
        if (result.resources().isEmpty()) {
            err.println("nothing imported");
            err.flush();
            return Aigw.PROBLEMS;
        }
        String resources = toYaml(result.resources());
        String secrets = toYaml(result.secrets());
        if (output == null) {
            out.print(resources);
            out.print(secrets);
            out.flush();
        } else {
            Files.createDirectories(output);
            Files.writeString(output.resolve(RESOURCES_FILE), resources, StandardCharsets.UTF_8);
            writePrivate(output.resolve(SECRETS_FILE), secrets);
        }
        long lost = result.findings().stream().filter(Finding::lost).count();
        err.println("imported " + result.resources().size() + " resources and " + result.secrets().size()
                + " Secrets" + (output == null ? "" : " into " + output) + "; " + lost
                + " field(s) not carried over");
        if (!result.secrets().isEmpty() && !includeSecrets) {
            err.println("the Secrets hold placeholders: replace REPLACE_ME with the credentials before applying, "
                    + "or import again with --include-secrets");
        }
        err.flush();
        return strict && result.lossy() ? Aigw.PROBLEMS : Aigw.OK;
    }

    /** YAML documents, each after a comment saying where it came from. */
    static String toYaml(List<TrustGateImport.Imported> documents) {
        StringBuilder yaml = new StringBuilder();
        for (TrustGateImport.Imported document : documents) {
            yaml.append("---\n# ").append(document.origin()).append('\n');
            try {
                yaml.append(YAML.writeValueAsString(document.resource()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return yaml.toString();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
