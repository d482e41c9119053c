package io.molt.cli;

import io.molt.api.client.MoltClient;
import io.molt.api.client.MoltException;
import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.core.config.ConfigLoader;
import io.molt.core.config.MoltConfig;
import io.molt.core.keys.KeyDirectoryException;
import io.molt.services.ServiceRegistry;
import io.molt.services.counter.CounterClient;
import io.molt.services.kv.CasResult;
import io.molt.services.kv.KvClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code molt client --config molt.yaml <command>}: runs one operation against a
 * deployment and prints the result the replicas agreed on.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Run one operation against a deployment.", "",
            "Commands:",
            "  counter increment [DELTA]      add DELTA (default 1), print the new value",
            "  counter get                    read the value (read-only, quorum of replicas)",
            "  kv get KEY                     read KEY (read-only)",
            "  kv put KEY VALUE               write KEY, print the previous value",
            "  kv delete KEY                  delete KEY, print the previous value",
            "  kv cas KEY EXPECTED NEW        set KEY to NEW if it holds EXPECTED (- for absent)",
            "Keys and values are UTF-8 text."})
final class ClientCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment's molt.yaml.")
    Path config;

    @Option(names = "--id", defaultValue = "0", description = "Client id whose credentials to use (default: ${DEFAULT-VALUE}).")
    long clientId;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "Service, operation and arguments.")
    List<String> command;

    @Override
    public Integer call() {
        ConfigLoader.Result loaded = ConfigLoader.loadForCommand(config, ServiceRegistry.builtIn().names());
        if (!loaded.ok()) {
            System.err.println("molt client: " + loaded.error());
            return 2;
        }
        MoltConfig deployment = loaded.config();
        Function<MoltClient, String> operation;
        try {
            if (!command.get(0).equals(deployment.service())) {
                throw new UsageError("this deployment runs '" + deployment.service() + "', not '" + command.get(0)
                        + "'");
            }
            // Check the arguments before connecting: a usage error should not cost a handshake.
            operation = switch (command.get(0)) {
                case "counter" -> counter();
                case "kv" -> kv();
                default -> throw new UsageError("no command line operations for service '" + command.get(0) + "'");
            };
        } catch (UsageError e) {
            System.err.println("molt client: " + e.getMessage());
            return 2;
        }
        try (ReplicatedClient client = MoltClients.connect(deployment, clientId)) {
            System.out.println(operation.apply(client));
            return 0;
        } catch (KeyDirectoryException e) {
            System.err.println("molt client: no usable credentials for client " + clientId + " (--id) in "
                    + deployment.keysDir() + ": " + e.getMessage());
            return 1;
        } catch (MoltException e) {
            System.err.println("molt client: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("molt client: " + e.getMessage());
            return 1;
        }
    }

    private Function<MoltClient, String> counter() {
        String op = arg(1, "operation");
        return switch (op) {
            case "increment" -> {
                long delta = command.size() > 2 ? number(arg(2, "delta")) : 1;
                yield c -> Long.toString(new CounterClient(c).increment(delta));
            }
            case "get" -> c -> Long.toString(new CounterClient(c).get());
            default -> throw new UsageError("unknown counter operation '" + op + "' (increment, get)");
        };
    }

    private Function<MoltClient, String> kv() {
        String op = arg(1, "operation");
        return switch (op) {
            case "get" -> {
                byte[] key = bytes(arg(2, "KEY"));
                yield c -> show(new KvClient(c).get(key));
            }
            case "put" -> {
                byte[] key = bytes(arg(2, "KEY"));
                byte[] value = bytes(arg(3, "VALUE"));
                yield c -> show(new KvClient(c).put(key, value));
            }
            case "delete" -> {
                byte[] key = bytes(arg(2, "KEY"));
                yield c -> show(new KvClient(c).delete(key));
            }
            case "cas" -> {
                byte[] key = bytes(arg(2, "KEY"));
                String expectedText = arg(3, "EXPECTED");
                byte[] expected = expectedText.equals("-") ? null : bytes(expectedText);
                byte[] update = bytes(arg(4, "NEW"));
                yield c -> {
                    CasResult r = new KvClient(c).cas(key, expected, update);
                    return (r.swapped() ? "swapped" : "not swapped") + ", now " + show(r.currentValue());
                };
            }
            default -> throw new UsageError("unknown kv operation '" + op + "' (get, put, delete, cas)");
        };
    }

    private String arg(int index, String name) {
        if (command.size() <= index) {
            throw new UsageError("missing " + name);
        }
        return command.get(index);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageError("'" + text + "' is not a whole number");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(Optional<byte[]> value) {
        return value.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(absent)");
    }

    private static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
