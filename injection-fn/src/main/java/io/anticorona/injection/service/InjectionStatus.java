package io.anticorona.injection.service;

public enum InjectionStatus {
    /** Confirmed booking, waiting for its injection. */
    READY,
    /** Done; final, no event moves it back. */
    INJECTED,
    /** The booking was cancelled. */
    CANCELLED
}
