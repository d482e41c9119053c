package io.molt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code molt} command. */
@Command(name = "molt", mixinStandardHelpOptions = true, version = "molt 0.1.0",
        description = "Intrusion-tolerant replicated services with proactive refresh.",
        subcommands = {DemoCommand.class, BenchCommand.class, KeysCommand.class, ReplicaCommand.class,
            ControllerCommand.class,
            ClientCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::report).execute(args);
    }

    /**
     * Bad arguments and environmental failures get one clear line, not a stack trace: exit
     * code 2 for the former, 1 for the latter. Anything else is a bug and shows its trace.
     */
    private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof IllegalArgumentException) {
            command.getErr().println(name + ": " + e.getMessage());
            return 2;
        }
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            command.getErr().println(name + ": " + e.getMessage());
            return 1;
        }
        throw e;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
