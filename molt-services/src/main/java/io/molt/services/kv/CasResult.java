package io.molt.services.kv;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a compare-and-set answered.
 *
 * @param swapped whether the key held the expected value and was set
 * @param current the key's value after the command, or {@code null} when absent; equal to the
 *     new value when {@code swapped}, otherwise the value that did not match
 */
public record CasResult(boolean swapped, byte[] current) {

    /** The key's value after the command, if it has one. */
    public Optional<byte[]> currentValue() {
        return Optional.ofNullable(current).map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CasResult c && swapped == c.swapped && Arrays.equals(current, c.current);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(swapped) * 31 + Arrays.hashCode(current);
    }

    @Override
    public String toString() {
        return "CasResult[swapped=" + swapped + ", current="
                + (current == null ? "absent" : current.length + " bytes") + "]";
    }
}
