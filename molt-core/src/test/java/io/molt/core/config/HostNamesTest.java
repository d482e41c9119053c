package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.255", "localhost", "replica-0.example.org", "example.org.", "r1",
            "::1", "::", "fd00::15", "2001:db8:0:0:0:0:2:1", "2001:db8::2:1", "::ffff:192.0.2.1", "1::",
            "a-b.c-d"})
    void accepted(String host) {
        assertThat(HostNames.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.256", "10.0.0", "1.2.3.4.5", "-bad.example", "bad-.example",
            "under_score.example", "two..dots", "has space", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
            "g::1", "[::1]", "::1%eth0", "1.2.3.4:80", "http://x"})
    void refused(String host) {
        assertThat(HostNames.isValid(host)).isFalse();
    }
}
