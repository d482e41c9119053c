package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> PROTOCOL = List.of("window", "max-proposals-in-flight", "batch-max-requests",
            "batch-max-bytes", "view-change-timeout", "censorship-timeout", "client-window");

    @Test
    void typosFindTheIntendedName() {
        assertThat(Suggestions.closest("view-chage-timeout", PROTOCOL)).contains("view-change-timeout");
        assertThat(Suggestions.closest("windw", PROTOCOL)).contains("window");
        assertThat(Suggestions.closest("batch-max-byte", PROTOCOL)).contains("batch-max-bytes");
        assertThat(Suggestions.closest("censorhsip-timeout", PROTOCOL)).contains("censorship-timeout");
    }

    @Test
    void otherSpellingsOfTheSameNameMatch() {
        assertThat(Suggestions.closest("viewChangeTimeout", PROTOCOL)).contains("view-change-timeout");
        assertThat(Suggestions.closest("client_window", PROTOCOL)).contains("client-window");
    }

    @Test
    void unrelatedNamesGetNoSuggestion() {
        assertThat(Suggestions.closest("colour", PROTOCOL)).isEmpty();
        assertThat(Suggestions.closest("x", List.of("t", "r"))).isEmpty();
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertThat(Suggestions.distance("abcd", "abdc")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
