package io.molt.cli;

import io.molt.replica.ReplicaMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code molt replica --config molt.yaml --id 2}: runs one replica until stopped. */
@Command(name = "replica", mixinStandardHelpOptions = true, description = "Run one replica of a deployment.")
final class ReplicaCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment's molt.yaml.")
    Path config;

    @Option(names = "--id", required = true, description = "This replica's id (0..n-1).")
    int id;

    @Override
    public Integer call() {
        return ReplicaMain.run(config, id, System.out, System.err);
    }
}
