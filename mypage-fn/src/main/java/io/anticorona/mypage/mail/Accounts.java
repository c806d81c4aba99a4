package io.anticorona.mypage.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Customers' accounts in Keycloak (a customerId is the account's username), kept for a short while: a burst of
 * notifications to one customer costs one lookup, and a changed address or locale shows within the TTL. An account
 * that does not exist is remembered as well. A failed lookup (Keycloak down) throws, and the mail is retried.
 */
@ApplicationScoped
public class Accounts {

    /** What the mail needs of an account; email may be null. */
    public record Account(String username, String email, String name, String locale) {
    }

    private record Cached(Optional<Account> account, Instant until) {
    }

    private static final int MAX_CACHED = 1_000;

    private final KeycloakUsers users;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Accounts(@RestClient KeycloakUsers users, MailConfig config) {
        this.users = users;
        this.ttl = config.accountCacheTtl();
    }

    public Optional<Account> find(String username) {
        Instant now = Instant.now();
        Cached cached = cache.get(username);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.account();
        }
        Optional<Account> account = users.byUsername(username, true, false).stream()
                .filter(user -> username.equalsIgnoreCase(user.username()))
                .findFirst()
                .map(user -> new Account(user.username(), blankToNull(user.email()),
                        user.firstName() != null && !user.firstName().isBlank() ? user.firstName() : user.username(),
                        first(user.attributes(), "locale")));
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // simple bound: a cold cache costs lookups, never wrong answers
        }
        cache.put(username, new Cached(account, now.plus(ttl)));
        return account;
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
