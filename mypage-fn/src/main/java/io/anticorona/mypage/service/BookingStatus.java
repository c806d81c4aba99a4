package io.anticorona.mypage.service;

public enum BookingStatus {
    BOOKED,
    WAITING,
    CANCELLED,
    /** Final: nothing overwrites it. */
    INJECTED
}
