package io.anticorona.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser's sign-in, step by step, without a browser: the gateway's redirect to Keycloak, Keycloak's login form,
 * the redirect back with the code, the gateway's session cookie. The gateway under test listens on a random port,
 * which client {@code gateway} does not accept as a redirect URI; the requests to the gateway therefore name a
 * registered one in their Host header ({@link #HOST}), and the gateway builds its redirect URI from it.
 */
final class BrowserLogin {

    /** A redirect URI host the local realm registers for client gateway; nothing needs to listen there. */
    static final String HOST = "localhost:29088";

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient keycloak = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /**
     * Keycloak's own cookies (its SSO session), as a browser keeps them on localhost. Kept by hand: Keycloak marks
     * them Secure, and java.net's CookieManager would not send those over http as a browser does for localhost.
     */
    private final Map<String, String> keycloakCookies = new HashMap<>();
    /** The gateway's cookies. */
    final Map<String, String> cookies = new HashMap<>();

    /** Signs in as the user (password = username) and returns the Location /login finally sends the browser to. */
    String signIn(String user, String next) {
        Response start = gateway().get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertEquals(302, start.statusCode(), "/login sends the browser to Keycloak");
        cookies.putAll(start.cookies());
        String form = send(HttpRequest.newBuilder(URI.create(start.header("Location"))).GET().build()).body();
        Matcher action = FORM_ACTION.matcher(form);
        assertTrue(action.find(), "Keycloak shows its login form");
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "&credentialId="))
                .build());
        assertEquals(302, posted.statusCode(), "Keycloak accepts the password: " + posted.body());
        URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
        assertEquals(HOST, callback.getRawAuthority());
        Response back = gateway().get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertEquals(302, back.statusCode(), "the gateway takes the code: " + back.body().asString());
        cookies.putAll(back.cookies());
        String location = back.header("Location");
        // quarkus-oidc drops the code from the address and comes back to /login with the original query
        while (location.startsWith("http://" + HOST + "/login") || location.startsWith("/login")) {
            Response again = gateway().get(location.replace("http://" + HOST, ""));
            assertEquals(302, again.statusCode());
            cookies.putAll(again.cookies());
            location = again.header("Location");
        }
        return location;
    }

    /** A request to the gateway as this browser: its cookies, the registered Host, no redirects followed. */
    io.restassured.specification.RequestSpecification gateway() {
        return given().urlEncodingEnabled(false).redirects().follow(false).header("Host", HOST).cookies(cookies);
    }

    HttpResponse<String> send(HttpRequest request) {
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(request, (name, value) -> true);
        if (!keycloakCookies.isEmpty()) {
            withCookies.header("Cookie", keycloakCookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = keycloak.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    keycloakCookies.remove(name);
                } else {
                    keycloakCookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
