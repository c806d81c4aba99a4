package io.anticorona.mypage.mail;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.cache.CacheResult;

/**
 * Customers' accounts in Keycloak (a customerId is the account's username), kept for a short while in the
 * {@code keycloak-accounts} cache (quarkus-cache; its lifetime and size in application.properties): a burst of
 * notifications to one customer costs one lookup, and a changed address or locale shows within that time. An account
 * that does not exist is remembered as well. A failed lookup (Keycloak down) throws, is not cached, and the mail is
 * retried.
 */
@ApplicationScoped
public class Accounts {

    /** What the mail needs of an account; email may be null. */
    public record Account(String username, String email, String name, String locale) {
    }

    private final KeycloakUsers users;

    public Accounts(@RestClient KeycloakUsers users) {
        this.users = users;
    }

    @CacheResult(cacheName = "keycloak-accounts")
    public Optional<Account> find(String username) {
        return users.byUsername(username, true, true).stream()
                .filter(user -> username.equalsIgnoreCase(user.username()))
                .findFirst()
                .map(user -> new Account(user.username(), blankToNull(user.email()),
                        user.firstName() != null && !user.firstName().isBlank() ? user.firstName() : user.username(),
                        first(user.attributes(), "locale")));
    }

    private static String first(Map<String, List<String>> attributes, String name) {
        if (attributes == null || attributes.get(name) == null || attributes.get(name).isEmpty()) {
            return null;
        }
        return attributes.get(name).get(0);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
