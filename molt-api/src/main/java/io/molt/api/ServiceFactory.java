package io.molt.api;

/** Creates a fresh, empty instance of a service; used when a replica starts. */
@FunctionalInterface
public interface ServiceFactory {
    StateMachine create();
}
