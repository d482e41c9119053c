package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind of mistake, and what the user is told about it. */
class ConfigErrorsTest {

    private static ConfigException failure(String yaml) {
        return failure(yaml, null);
    }

    private static ConfigException failure(String yaml, Set<String> services) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, ConfigLoaderTest.BASE, services));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e;
    }

    private static List<String> errors(String yaml) {
        return failure(yaml).errors().stream().map(ConfigError::toString).toList();
    }

    /** The minimal valid file with one line replaced. */
    private static String minimalWith(String line, String replacement) {
        assertThat(ConfigLoaderTest.MINIMAL).contains(line);
        return ConfigLoaderTest.MINIMAL.replaceFirst(java.util.regex.Pattern.quote(line),
                java.util.regex.Matcher.quoteReplacement(replacement));
    }

    @Test
    void wrongTypes() {
        assertThat(errors(minimalWith("t: 1", "t: one")))
                .containsExactly("t: 'one' is not an integer (expected 0 or more)");
        assertThat(errors(minimalWith("t: 1", "t: 1.5")))
                .containsExactly("t: 1.5 is not an integer (expected 0 or more)");
        assertThat(errors(minimalWith("port: 7001", "port: [7001]")))
                .containsExactly("replicas[1].port: a list is not an integer (expected 1-65535)");
        assertThat(errors(minimalWith("service: counter", "service: 7")))
                .containsExactly("service: 7 is not a string (expected the name of the replicated service, such as"
                        + " counter or kv)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol: fast\n"))
                .containsExactly("protocol: 'fast' is not a mapping (expected a mapping of protocol settings)");
        assertThat(errors(minimalWith("  - {id: 3, host: 127.0.0.1, port: 7003}", "  - replica-3")))
                .containsExactly("replicas[3]: 'replica-3' is not a mapping (expected a mapping with id, host and"
                        + " port)");
    }

    @Test
    void emptyValues() {
        assertThat(errors(minimalWith("t: 1", "t:")))
                .containsExactly("t: has no value (expected an integer, 0 or more)");
        assertThat(errors(minimalWith("keys: ./keys", "keys: ''")))
                .containsExactly("keys: is empty (expected a directory)");
        assertThat(errors(ConfigLoaderTest.MINIMAL.replaceAll("(?s)replicas:.*7003\\}\n", "replicas:\n")))
                .containsExactly("replicas: has no value (expected a list of replicas, each a mapping with id, host and"
                        + " port)");
    }

    /** YAML readers disagree on 010 (8 or 10) and 0x10, so only plain decimal integers are accepted. */
    @Test
    void integersMustBePlainDecimal() {
        assertThat(errors(minimalWith("port: 7000", "port: 07000")))
                .containsExactly("replicas[0].port: '07000' is not a plain decimal integer (expected 1-65535)");
        assertThat(errors(minimalWith("port: 7000", "port: 0x1B58")))
                .containsExactly("replicas[0].port: '0x1B58' is not a plain decimal integer (expected 1-65535)");
        assertThat(errors(minimalWith("t: 1", "t: .nan")))
                .containsExactly("t: '.nan' is not an integer (expected 0 or more)");
        assertThat(ConfigLoader.parse(minimalWith("t: 1", "t: +1"), ConfigLoaderTest.BASE).t()).isEqualTo(1);
    }

    @Test
    void outOfRange() {
        assertThat(errors(minimalWith("port: 7002", "port: 70000")))
                .containsExactly("replicas[2].port: 70000 is not a port (expected 1-65535)");
        assertThat(errors(minimalWith("port: 7002", "port: 0")))
                .containsExactly("replicas[2].port: 0 is not a port (expected 1-65535)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  window: 5000\n  pool-max-requests: 0\n"
                + "  client-window: 99999999999999999999999\n"))
                .containsExactly("protocol.window: 5000 is out of range (expected 1-4096)",
                        "protocol.pool-max-requests: 0 is out of range (expected 1 or more)",
                        "protocol.client-window: 99999999999999999999999 is out of range (expected 1-65536)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  batch-max-requests: 3000000000\n"))
                .containsExactly("protocol.batch-max-requests: 3000000000 is out of range (expected at most"
                        + " 2147483647)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "limits:\n  max-frame-bytes: 2GiB\n"))
                .containsExactly("limits.max-frame-bytes: 2GiB is out of range (expected 4KiB-1GiB)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "client:\n  request-timeout: 2h\n  max-retries: 101\n"))
                .containsExactly("client.request-timeout: 2h is out of range (expected 1ms-1h)",
                        "client.max-retries: 101 is out of range (expected 0-100)");
    }

    @Test
    void missingFields() {
        assertThat(errors("""
                replicas:
                  - {id: 0, port: 7000}
                """)).containsExactly(
                "t: missing required field (expected how many Byzantine replicas to tolerate, such as 1)",
                "service: missing required field (expected the name of the replicated service, such as counter or kv)",
                "keys: missing required field (expected the directory holding ca.crt and the replica and client keys)",
                "replicas[0].host: missing required field (expected a host name or IP address, such as 10.0.0.5, ::1"
                        + " or replica-0.example.org)");
    }

    @Test
    void anEmptyFileLacksEverything() {
        assertThat(errors("")).extracting(s -> s.substring(0, s.indexOf(':')))
                .containsExactly("t", "service", "replicas", "keys");
        assertThat(errors("# nothing here\n")).hasSize(4);
    }

    @Test
    void badRefreshSettingsAreReportedEachAtItsField() {
        List<String> errors = errors(ConfigLoaderTest.MINIMAL
                + "refresh:\n  period: 10ms\n  lifespan-requests: -1\n  controller-client: x\n  perod: 1s\n");
        assertThat(errors).hasSize(4);
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("refresh.period:"))
                .anySatisfy(e -> assertThat(e).startsWith("refresh.lifespan-requests:"))
                .anySatisfy(e -> assertThat(e).startsWith("refresh.controller-client:"))
                .anySatisfy(e -> assertThat(e).startsWith("refresh.perod: unknown field (did you mean period?)"));
    }

    @Test
    void unknownFieldsWithSuggestions() {
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  view-chage-timeout: 400ms\n"))
                .containsExactly("protocol.view-chage-timeout: unknown field (did you mean view-change-timeout?)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "storge: ./data\n"))
                .containsExactly("storge: unknown field (did you mean storage?)");
        assertThat(errors(minimalWith("port: 7000}", "port: 7000, hots: x}")))
                .containsExactly("replicas[0].hots: unknown field (did you mean host?)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "colour: blue\n"))
                .containsExactly("colour: unknown field (expected one of: t, r, service, replicas, keys, storage,"
                        + " durable, limits, protocol, client, refresh)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "durable: yes please\n"))
                .containsExactly("durable: 'yes please' is not a boolean (expected true or false)");
    }

    @Test
    void duplicateIds() {
        assertThat(errors(minimalWith("id: 3,", "id: 1,"))).containsExactly(
                "replicas: no entry has id 3 (expected each id 0-3 exactly once)",
                "replicas: id 1 appears twice (replicas[1] and replicas[3])");
    }

    @Test
    void idsMustRunFromZeroToNMinusOne() {
        assertThat(errors(minimalWith("id: 3,", "id: 4,"))).containsExactly(
                "replicas[3].id: 4 is out of range (expected 0-3: ids run from 0 to n-1, and 4 replicas are listed)");
        assertThat(errors(minimalWith("id: 3,", "id: -3,")))
                .containsExactly("replicas[3].id: -3 is out of range (expected 0 or more)");
    }

    @Test
    void tooFewReplicasForTAndR() {
        assertThat(errors(minimalWith("t: 1", "t: 2")))
                .containsExactly("t: n=4 replicas cannot tolerate t=2, r=0 (need n >= 3t + 2r + 1 = 7)");
        assertThat(errors(minimalWith("t: 1", "t: 1\nr: 1")))
                .containsExactly("t: n=4 replicas cannot tolerate t=1, r=1 (need n >= 3t + 2r + 1 = 6)");
        assertThat(errors(minimalWith("t: 1", "t: 1\nr: -1")))
                .containsExactly("r: -1 is out of range (expected 0 or more)");
    }

    @Test
    void emptyReplicaList() {
        assertThat(errors(ConfigLoaderTest.MINIMAL.replaceAll("(?s)replicas:.*7003\\}\n", "replicas: []\n")))
                .containsExactly("replicas: the list is empty (expected one entry per replica)");
    }

    @Test
    void badHostsAndSharedAddresses() {
        assertThat(errors(minimalWith("host: 127.0.0.1, port: 7002", "host: 127.0.0.300, port: 7002")))
                .containsExactly("replicas[2].host: '127.0.0.300' is not a host name or IP address (expected a name"
                        + " such as replica-0.example.org or an address such as 10.0.0.5 or ::1)");
        assertThat(errors(minimalWith("port: 7002", "port: 7000")))
                .containsExactly("replicas[2]: 127.0.0.1:7000 is already used by replicas[0] (expected a distinct host"
                        + " and port per replica)");
    }

    @Test
    void badDurationAndSizeSyntax() {
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  view-change-timeout: 400\n"
                + "  censorship-timeout: 1.5s\n  batch-max-bytes: 1MB\n"))
                .containsExactly(
                        "protocol.view-change-timeout: 400 is not a duration (expected a whole number with a unit ms,"
                                + " s, m or h, such as 250ms, 2s or 1m)",
                        "protocol.censorship-timeout: '1.5s' is not a duration (expected a whole number with a unit"
                                + " ms, s, m or h, such as 250ms, 2s or 1m)",
                        "protocol.batch-max-bytes: '1MB' is not a size (expected a byte count such as 512, 64KiB,"
                                + " 16MiB or 1GiB; units are binary, so write MiB)");
    }

    @Test
    void settingsThatContradictEachOther() {
        assertThat(errors(ConfigLoaderTest.MINIMAL + "limits:\n  max-frame-bytes: 512KiB\n")).containsExactly(
                "limits.max-request-bytes: 1MiB (the default) does not fit in a frame (expected at most"
                        + " limits.max-frame-bytes - 1KiB = 511KiB)",
                "protocol.batch-max-bytes: 1MiB (the default) does not fit in a frame (expected at most"
                        + " limits.max-frame-bytes - 1KiB = 511KiB)",
                "protocol.snapshot-chunk-bytes: 1MiB (the default) does not fit in a frame (expected at most"
                        + " limits.max-frame-bytes - 1KiB = 511KiB)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  checkpoint-interval: 32\n  window: 64\n"))
                .containsExactly("protocol.checkpoint-interval: 32 is less than protocol.window = 64 (expected at"
                        + " least the window)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  checkpoint-interval: 4096\n"))
                .containsExactly("protocol.decision-retention: 4096 (the default) is less than twice"
                        + " protocol.checkpoint-interval = 4096 (peers must keep the decisions after a stable"
                        + " checkpoint)");
        assertThat(errors(ConfigLoaderTest.MINIMAL
                + "limits:\n  max-frame-bytes: 128MiB\n  client-queue-bytes: 4KiB\n"))
                .containsExactly(
                        "limits.replica-queue-bytes: 64MiB (the default) cannot hold one frame (expected at least"
                                + " limits.max-frame-bytes = 128MiB)",
                        "limits.client-queue-bytes: 4KiB cannot hold one request (expected at least"
                                + " limits.max-request-bytes = 1MiB)");
        assertThat(errors(ConfigLoaderTest.MINIMAL + "protocol:\n  window: 512\n  decision-retention: 100\n"))
                .containsExactly("protocol.decision-retention: 100 is less than protocol.window = 512 (expected at"
                        + " least the window)");
    }

    @Test
    void unknownServicesAreNamedWithTheKnownOnes() {
        Set<String> services = Set.of("counter", "kv");
        assertThat(failure(minimalWith("service: counter", "service: countr"), services).errors())
                .extracting(ConfigError::toString)
                .containsExactly("service: 'countr' is not a known service (did you mean counter? known services:"
                        + " counter, kv)");
        assertThat(failure(minimalWith("service: counter", "service: firewall"), services).errors())
                .extracting(ConfigError::toString)
                .containsExactly("service: 'firewall' is not a known service (known services: counter, kv)");
        assertThat(errors(minimalWith("service: counter", "service: My Service")))
                .containsExactly("service: 'My Service' is not a service name (expected lower-case letters, digits"
                        + " and dashes, such as counter or kv)");
    }

    @Test
    void malformedYamlGivesLineAndColumn() {
        ConfigException e = failure("t: 1\nservice: counter\nreplicas: [\n  {id: 0\nkeys: x\n");
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).line()).isPositive();
        assertThat(e.getMessage()).matches("(?s)invalid configuration \\(1 error\\):\n  line \\d+: malformed YAML at"
                + " column \\d+: .+");

        ConfigException tabs = failure("t: 1\n\tservice: counter\n");
        assertThat(tabs.getMessage())
                .startsWith("invalid configuration (1 error):\n  line 2: malformed YAML at column");

        ConfigException colon = failure("t: 1\nservice: a: b\n");
        assertThat(colon.getMessage()).isEqualTo("invalid configuration (1 error):\n  line 2: malformed YAML at"
                + " column 11: mapping values are not allowed here (check the indentation, and quote values that"
                + " contain ': ')");
    }

    @Test
    void duplicateKeysAreReportedNotSilentlyOverwritten() {
        ConfigException e = failure(ConfigLoaderTest.MINIMAL + "t: 2\n");
        assertThat(e.errors()).containsExactly(
                new ConfigError("t", "appears twice (first on line 1); each field may be given once", 9));
    }

    @Test
    void aliasesAreRefusedRatherThanMisread() {
        assertThat(failure(ConfigLoaderTest.MINIMAL.replace("keys: ./keys", "keys: &k ./keys\nstorage: *k"))
                .getMessage()).contains("line 9: YAML aliases (*k) are not supported here; write the value out");
    }

    @Test
    void oneDocumentOnly() {
        assertThat(failure(ConfigLoaderTest.MINIMAL + "---\nt: 2\n").getMessage())
                .contains("the file holds more than one YAML document (expected exactly one)");
    }

    @Test
    void theTopLevelMustBeAMapping() {
        assertThat(errors("- t: 1\n"))
                .containsExactly("a list is not a mapping (expected a mapping with t, service, replicas and keys)");
    }

    @Test
    void allErrorsAreReportedTogetherInFileOrder() {
        ConfigException e = failure("""
                t: 2
                service: counter
                replicas:
                  - {id: 0, host: 127.0.0.1, port: 7000}
                  - {id: 0, host: 127.0.0.1, port: 70000}
                  - {id: 2, host: 127.0.0.1, port: 7002}
                  - {id: 3, host: 127.0.0.1, port: 7003}
                protocol:
                  view-chage-timeout: 1s
                  window: 0
                """);
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
                "keys: missing required field (expected the directory holding ca.crt and the replica and client keys)",
                "t: n=4 replicas cannot tolerate t=2, r=0 (need n >= 3t + 2r + 1 = 7)",
                "replicas: no entry has id 1 (expected each id 0-3 exactly once)",
                "replicas[1].port: 70000 is not a port (expected 1-65535)",
                "replicas: id 0 appears twice (replicas[0] and replicas[1])",
                "protocol.view-chage-timeout: unknown field (did you mean view-change-timeout?)",
                "protocol.window: 0 is out of range (expected 1-4096)");
        assertThat(e.errors()).extracting(ConfigError::line).containsExactly(0, 1, 3, 5, 5, 9, 10);
        assertThat(e.getMessage()).isEqualTo("""
                invalid configuration (7 errors):
                  keys: missing required field (expected the directory holding ca.crt and the replica and client keys)
                  line 1: t: n=4 replicas cannot tolerate t=2, r=0 (need n >= 3t + 2r + 1 = 7)
                  line 3: replicas: no entry has id 1 (expected each id 0-3 exactly once)
                  line 5: replicas[1].port: 70000 is not a port (expected 1-65535)
                  line 5: replicas: id 0 appears twice (replicas[0] and replicas[1])
                  line 9: protocol.view-chage-timeout: unknown field (did you mean view-change-timeout?)
                  line 10: protocol.window: 0 is out of range (expected 1-4096)""");
    }

    @Test
    void aConfigExceptionNeedsErrors() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigException("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void relativeBaseDirectoriesAreMadeAbsolute() {
        MoltConfig config = ConfigLoader.parse(ConfigLoaderTest.MINIMAL, Path.of("rel"));
        assertThat(config.keysDir()).isAbsolute();
    }
}
