package io.molt.services.counter;

/** A decoded counter command; {@link CounterCommands} defines the bytes. */
public sealed interface CounterCommand {

    /** Adds {@code delta} (which may be negative) and answers the new value. */
    record Increment(long delta) implements CounterCommand {}

    /** Answers the current value; allowed as an ordered command and as a read-only query. */
    record Get() implements CounterCommand {}
}
