package io.anticorona.booking.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may act for which customer: a customer only for themselves (their username is their customerId), a booking
 * agent for anyone. Another customer's booking is answered 404, as if it did not exist, so that its id reveals nothing.
 */
@ApplicationScoped
public class BookingAccess {

    private final SecurityIdentity caller;

    public BookingAccess(SecurityIdentity caller) {
        this.caller = caller;
    }

    /** The customer a booking or a list is for: the caller's own unless an agent names someone. */
    public String customerFor(String requested) {
        if (isAgent()) {
            if (requested == null) {
                throw new ProblemException(400, "customer-required", "Customer required",
                        "A booking agent names the customer: give customerId");
            }
            return requested;
        }
        String self = caller.getPrincipal().getName();
        if (requested != null && !requested.equals(self)) {
            throw new ProblemException(403, "not-your-customer-id", "Not your customer id",
                    "A customer books and reads only for themselves: leave customerId out or give your own username");
        }
        return self;
    }

    /** The only customer whose bookings the caller may see, or null for an agent, who may see everyone's. */
    public String ownerFilter() {
        return isAgent() ? null : caller.getPrincipal().getName();
    }

    private boolean isAgent() {
        return caller.hasRole(Roles.BOOKING_AGENT);
    }
}
