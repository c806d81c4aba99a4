package io.anticorona.mypage.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may see and change a customer's My Page (its feed and its settings): the customer themself (their username is
 * their customerId) or a booking agent. Every customerId has a page (empty at first), so refusing another's with 403
 * reveals nothing.
 */
@ApplicationScoped
public class PageAccess {

    private final SecurityIdentity caller;

    public PageAccess(SecurityIdentity caller) {
        this.caller = caller;
    }

    public void check(String customerId) {
        if (!caller.hasRole(Roles.BOOKING_AGENT) && !customerId.equals(caller.getPrincipal().getName())) {
            throw new ProblemException(403, "not-your-page", "Not your page", "A customer reads only their own My Page");
        }
    }
}
