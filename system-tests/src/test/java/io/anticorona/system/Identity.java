package io.anticorona.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

/** Tokens that must be refused, made with the real Keycloak of the run (its admin API, its master realm). */
final class Identity {

    private Identity() {
    }

    /** A user's token with one character of its signature changed. */
    static String tampered(String user) {
        String token = Tokens.of(user);
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }

    /** A user's claims, unsigned, with {@code alg: none}. */
    static String unsigned(String user) {
        String payload = Tokens.of(user).split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** A valid token of Keycloak's master realm: signed, not expired, but from another issuer. */
    static String fromAnotherIssuer() {
        return given().contentType(ContentType.URLENC)
                .formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"))
                .post(keycloak() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** A real token of the user that Keycloak issues with a lifetime of a few seconds. */
    static String shortLived(String user, int seconds) {
        String client = "/admin/realms/anticorona/clients/" + cliClientId();
        setCliTokenLifespan(client, String.valueOf(seconds));
        String token;
        try {
            token = Tokens.fresh(Map.of("grant_type", "password", "client_id", Tokens.CLI_CLIENT, "username", user,
                    "password", user));
        } finally {
            setCliTokenLifespan(client, "");
        }
        return token;
    }

    private static void setCliTokenLifespan(String client, String seconds) {
        given().auth().oauth2(fromAnotherIssuer()).contentType(ContentType.JSON)
                .body("{\"attributes\":{\"access.token.lifespan\":\"" + seconds + "\"}}")
                .put(keycloak() + client).then().statusCode(204);
    }

    private static String cliClientId() {
        return given().auth().oauth2(fromAnotherIssuer()).queryParam("clientId", Tokens.CLI_CLIENT)
                .get(keycloak() + "/admin/realms/anticorona/clients").then().statusCode(200).extract().path("[0].id");
    }

    private static String keycloak() {
        return RunningSystem.stack().keycloak().url();
    }
}
