package io.molt.cli;

import io.molt.core.keys.KeyDirectory;
import io.molt.core.keys.KeyDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code molt keys init}: a certificate authority and every replica's and client's credentials. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage key material.",
        subcommands = KeysCommand.Init.class)
final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Create a certificate authority and Ed25519 keys and certificates for every replica",
                "and client in DIR (ca.crt, ca.key, replica-N.crt/.key, client-N.crt/.key)."})
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "Directory to write the keys into.")
        Path dir;

        @Option(names = "--replicas", required = true, description = "Number of replicas.")
        int replicas;

        @Option(names = "--clients", defaultValue = "1", description = "Number of clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--force", description = "Replace existing key files.")
        boolean force;

        @Override
        public Integer call() {
            if (replicas < 1 || clients < 0) {
                System.err.println("molt keys init: --replicas must be at least 1 and --clients not negative");
                return 2;
            }
            try {
                KeyDirectory.init(dir, replicas, clients, KeyDirectory.InitOptions.DEFAULTS.withOverwrite(force));
            } catch (KeyDirectoryException e) {
                System.err.println("molt keys init: " + e.getMessage());
                return 1;
            }
            System.out.printf("created a CA, %d replica and %d client credentials in %s%n", replicas, clients,
                    dir.toAbsolutePath().normalize());
            System.out.println("ca.key signs every certificate: keep it offline, or in the controller only.");
            return 0;
        }
    }
}
