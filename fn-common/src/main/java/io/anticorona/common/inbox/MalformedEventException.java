package io.anticorona.common.inbox;

/** An event that can never be applied, however often it is retried. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
