package io.anticorona.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real access tokens from the local realm, as {@code curl} gets them (README "Sign-in"): the password grant of the
 * public client {@code anticorona-cli} for a user, the client-credentials grant for a service account. Each token is
 * kept until shortly before it expires, so that a test run logs each user in about once.
 */
public final class Tokens {

    /** The local users of the contract; each one's password is the username. */
    public static final String ALICE = "alice", BOB = "bob", CAROL = "carol", AGENT = "agent", VADMIN = "vadmin",
            NURSE = "nurse";
    public static final String CLI_CLIENT = "anticorona-cli";
    public static final String BOOKING_FN_CLIENT = "booking-fn", BOOKING_FN_SECRET = "booking-fn-local-secret";
    public static final String EVENTING_CLIENT = "event-delivery", EVENTING_SECRET = "event-delivery-local-secret";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();
    private static volatile String realmUrl;

    private record Token(String value, Instant renewAt) {
    }

    private Tokens() {
    }

    /** Where tokens come from: the realm URL of the Keycloak that the functions under test trust. */
    public static void useRealm(String url) {
        if (!url.equals(realmUrl)) {
            CACHE.clear();
        }
        realmUrl = url;
    }

    public static String realmUrl() {
        if (realmUrl == null) {
            throw new IllegalStateException("No Keycloak yet: the test infrastructure starts one (Tokens.useRealm)");
        }
        return realmUrl;
    }

    /** A user's access token (password grant, password = username). */
    public static String of(String username) {
        return cached("user:" + username, () -> Map.of("grant_type", "password", "client_id", CLI_CLIENT,
                "username", username, "password", username));
    }

    /** A confidential client's service-account token (client-credentials grant). */
    public static String ofClient(String clientId, String secret) {
        return cached("client:" + clientId, () -> Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    /** booking-fn's service account, the only caller vaccine-fn accepts for reservations. */
    public static String bookingFn() {
        return ofClient(BOOKING_FN_CLIENT, BOOKING_FN_SECRET);
    }

    /** The stand-in for the cluster's event delivery, the only caller POST /events accepts. */
    public static String eventing() {
        return ofClient(EVENTING_CLIENT, EVENTING_SECRET);
    }

    /** A fresh token, never cached: for tests that need one of their own (to expire it, for example). */
    public static String fresh(Map<String, String> form) {
        return request(form).value();
    }

    /** The raw answer of the token endpoint, for tests of refused logins. */
    public static HttpResponse<String> post(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + realmUrl() + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One login per key at a time: a thousand threads asking at once share one token request. */
    private static synchronized String cached(String key, java.util.function.Supplier<Map<String, String>> form) {
        Token token = CACHE.get(key);
        if (token == null || Instant.now().isAfter(token.renewAt())) {
            token = request(form.get());
            CACHE.put(key, token);
        }
        return token.value();
    }

    /** One token request: the access token, to be renewed a minute before Keycloak says it expires. */
    private static Token request(Map<String, String> form) {
        HttpResponse<String> response = post(form);
        Matcher value = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !value.find()) {
            throw new IllegalStateException("Keycloak refused the token request (" + response.statusCode() + "): "
                    + response.body());
        }
        Matcher expiresIn = EXPIRES_IN.matcher(response.body());
        long lifetime = expiresIn.find() ? Long.parseLong(expiresIn.group(1)) : 60;
        return new Token(value.group(1), Instant.now().plusSeconds(Math.max(5, lifetime - 60)));
    }
}
