package io.anticorona.common.security;

/** The roles of ../shared/CONTRACT.md ("Identity and access"), as the tokens carry them. */
public final class Roles {

    /** A person who books, reads and cancels their own bookings; their username is their customerId. */
    public static final String CUSTOMER = "customer";
    /** A call centre or a site's desk, booking, reading and cancelling for anyone. */
    public static final String BOOKING_AGENT = "booking-agent";
    public static final String VACCINE_ADMIN = "vaccine-admin";
    public static final String INJECTION_ADMIN = "injection-admin";
    /** booking-fn's service account (client credentials): the only caller that reserves doses. */
    public static final String STOCK_RESERVER = "stock-reserver";

    private Roles() {
    }
}
