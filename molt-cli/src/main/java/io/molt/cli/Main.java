package io.molt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code molt} command. */
@Command(name = "molt", mixinStandardHelpOptions = true, version = "molt 0.1.0",
        description = "Intrusion-tolerant replicated services with proactive refresh.",
        subcommands = {DemoCommand.class, BenchCommand.class, KeysCommand.class, ReplicaCommand.class,
            ClientCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
