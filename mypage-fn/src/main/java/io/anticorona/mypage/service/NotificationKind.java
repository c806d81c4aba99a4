package io.anticorona.mypage.service;

/** What happened to a booking, and how it is told to the customer. */
public enum NotificationKind {
    CONFIRMED("Your booking for %s is confirmed."),
    PROMOTED("A dose of %s freed up: you were promoted from the waitlist and your booking is confirmed."),
    WAITLISTED("You are on the waitlist for %s."),
    CANCELLED("Your booking for %s was cancelled."),
    INJECTED("Your %s injection is done.");

    private final String template;

    NotificationKind(String template) {
        this.template = template;
    }

    /** The message; a vaccine whose name has not arrived yet is named by its id. */
    public String message(String vaccineName, long vaccineId) {
        return template.formatted(vaccineName != null ? vaccineName : "vaccine #" + vaccineId);
    }
}
