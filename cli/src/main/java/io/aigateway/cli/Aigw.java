package io.aigateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code aigw}: compile and validate AI gateway resources offline, exactly as the operator would; run a gateway and
 * mock providers on one machine.
 */
@Command(name = "aigw",
        mixinStandardHelpOptions = true,
        versionProvider = Aigw.Version.class,
        description = "Compiles and validates ai-gateway-operator resources (AIGateway, AIUpstream, AIService, "
                + "AIRule, AIKey) and Secrets from YAML files, without a cluster; runs a gateway from them and "
                + "mock providers locally; imports a TrustGate configuration.",
        subcommands = {CompileCommand.class, ValidateCommand.class, RunCommand.class, MockProviderCommand.class,
            ImportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:Success.",
            " 1:Problems found, or input that could not be read.",
            " 2:Invalid command line."})
public final class Aigw {

    /** Everything fine. */
    public static final int OK = 0;
    /** Problems found, or unreadable input. */
    public static final int PROBLEMS = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for {@link #main} and for tests (which set their own out and err). */
    public static CommandLine commandLine() {
        return new CommandLine(new Aigw());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Aigw.class.getPackage().getImplementationVersion();
            return new String[] {"aigw " + (version == null ? "(development build)" : version)};
        }
    }
}
