package io.anticorona.booking.service;

public enum BookingStatus {
    /** Internal: the stock check is running. Never shown to customers. */
    PENDING,
    BOOKED,
    WAITING,
    CANCELLED,
    INJECTED
}
