package io.anticorona.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web app's sign-in against the test run's Keycloak: code flow, session, token relay, CSRF, sign-out. */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
class SignInTest {

    @Test
    void withoutASessionTheSessionIsAnonymousAndCarriesACsrfToken() {
        given().get("/session").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body(equalTo("{\"authenticated\":false}"))
                .cookie("XSRF-TOKEN");
    }

    @Test
    void loginStartsTheCodeFlowWithPkce() {
        Response start = given().redirects().follow(false).get("/login?next=/%23/mypage");
        assertEquals(302, start.statusCode());
        String location = start.header("Location");
        assertTrue(location.startsWith(Tokens.realmUrl() + "/protocol/openid-connect/auth?"), location);
        assertTrue(location.contains("client_id=gateway"), location);
        assertTrue(location.contains("code_challenge="), location);
        assertTrue(location.contains("code_challenge_method=S256"), location);
    }

    @Test
    void anApiCallIsNeverSentToKeycloak() {
        given().redirects().follow(false).get("/bookings/echo-authorization").then().statusCode(200).body(equalTo("null"));
        given().redirects().follow(false).cookie("q_session", "not-a-session").get("/bookings/echo-authorization")
                .then().statusCode(200).body(equalTo("null"));
    }

    @Test
    void aSignedInBrowserGetsItsSessionAndGoesWhereNextSays() {
        BrowserLogin browser = new BrowserLogin();
        assertEquals("/#/mypage", browser.signIn(Tokens.ALICE, "/#/mypage"));
        assertTrue(browser.cookies.keySet().stream().anyMatch(name -> name.startsWith("q_session")),
                browser.cookies.toString());
        browser.gateway().get("/session").then().statusCode(200)
                .body("authenticated", equalTo(true))
                .body("username", equalTo("alice"))
                .body("name", equalTo("Alice Kim"))
                .body("email", equalTo("alice@example.com"))
                .body("roles", equalTo(java.util.List.of("customer")))
                .body(not(containsString("eyJ"))); // no token reaches the page
    }

    @Test
    void nextCannotLeaveTheSite() {
        BrowserLogin browser = new BrowserLogin();
        assertEquals("/", browser.signIn(Tokens.BOB, "https://evil.example/"));
        browser.gateway().get("/login?next=/%0d%0aX-Evil:1").then().statusCode(302).header("Location", equalTo("/"));
        for (String next : new String[] {"//evil.example/", "/\\evil.example", "https:evil.example", "javascript:alert(1)"}) {
            browser.gateway().get("/login?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8))
                    .then().statusCode(302).header("Location", equalTo("/"));
        }
        browser.gateway().get("/login?next=%2Fq%2F..%2F%23%2Fadmin").then().statusCode(302)
                .header("Location", equalTo("/q/../#/admin"));
        browser.gateway().get("/login").then().statusCode(302).header("Location", equalTo("/"));
    }

    @Test
    void theRelayAddsTheSessionsAccessTokenAndKeepsTheCookies() {
        BrowserLogin browser = new BrowserLogin();
        browser.signIn(Tokens.ALICE, "/");
        String echo = browser.gateway().get("/bookings/echo-request").then().statusCode(200).extract().asString();
        String token = echo.lines().filter(line -> line.startsWith("Authorization: Bearer ")).findFirst()
                .orElseThrow(() -> new AssertionError(echo)).substring("Authorization: Bearer ".length());
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"preferred_username\":\"alice\""), claims);
        assertTrue(echo.contains("Cookie: null"), echo);
        // A call with a token of its own keeps it.
        browser.gateway().header("Authorization", "Bearer own.token.here").get("/bookings/echo-authorization")
                .then().statusCode(200).body(equalTo("Bearer own.token.here"));
    }

    @Test
    void aChangeMadeWithTheCookieNeedsTheCsrfHeader() {
        BrowserLogin browser = new BrowserLogin();
        browser.signIn(Tokens.ALICE, "/");
        browser.gateway().contentType("application/json").body("{\"vaccineId\":1}").post("/bookings/echo-request")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:anticorona:problem:csrf")).body("status", equalTo(403));
        browser.gateway().cookie("XSRF-TOKEN", "forged").header("X-XSRF-TOKEN", "forged")
                .contentType("application/json").body("{}").post("/bookings/echo-request")
                .then().statusCode(403).body("type", equalTo("urn:anticorona:problem:csrf"));

        String xsrf = browser.gateway().get("/session").cookie("XSRF-TOKEN");
        assertNotNull(xsrf);
        browser.gateway().cookie("XSRF-TOKEN", xsrf).header("X-XSRF-TOKEN", xsrf)
                .contentType("application/json").body("{\"vaccineId\":1}").post("/bookings/echo-request")
                .then().statusCode(200)
                .body(startsWith("POST\nAuthorization: Bearer ey"))
                .body(containsString("{\"vaccineId\":1}"));
        // A call with its own bearer token is not subject to CSRF, cookie or not: no browser adds that header itself.
        browser.gateway().header("Authorization", "Bearer own.token.here").body("{}").post("/bookings/echo-request")
                .then().statusCode(200).body(startsWith("POST\nAuthorization: Bearer own.token.here"));
    }

    @Test
    void signingOutEndsTheKeycloakSessionToo() {
        BrowserLogin browser = new BrowserLogin();
        browser.signIn(Tokens.CAROL, "/");
        browser.gateway().post("/logout").then().statusCode(403).body("type", equalTo("urn:anticorona:problem:csrf"));
        String xsrf = browser.gateway().get("/session").cookie("XSRF-TOKEN");
        Response out = browser.gateway().cookie("XSRF-TOKEN", xsrf).header("X-XSRF-TOKEN", xsrf).post("/logout");
        assertEquals(303, out.statusCode());
        String endSession = out.header("Location");
        assertTrue(endSession.startsWith(Tokens.realmUrl() + "/protocol/openid-connect/logout?"), endSession);
        assertTrue(endSession.contains("id_token_hint="), endSession);
        assertTrue(out.headers().getValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.startsWith("q_session") && cookie.contains("Max-Age=0")),
                out.headers().getValues("Set-Cookie").toString());
        // The browser follows to Keycloak, which ends its session and sends it back to the web app.
        HttpResponse<String> keycloak = browser.send(HttpRequest.newBuilder(URI.create(endSession)).GET().build());
        assertEquals(302, keycloak.statusCode(), keycloak.body());
        assertTrue(keycloak.headers().firstValue("Location").orElseThrow().startsWith("http://" + BrowserLogin.HOST + "/"));
        // Signing in again asks for the password again: Keycloak's session is gone.
        Response again = given().redirects().follow(false).header("Host", BrowserLogin.HOST).get("/login");
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(again.header("Location"))).GET().build());
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("kc-form-login"));
    }

    @Test
    void signingOutWithoutASessionGoesHome() {
        given().redirects().follow(false).post("/logout").then().statusCode(303).header("Location", equalTo("/"));
    }
}
