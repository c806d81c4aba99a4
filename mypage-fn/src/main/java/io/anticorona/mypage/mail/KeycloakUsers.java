package io.anticorona.mypage.mail;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * The users of the realm, from Keycloak's admin API ({@code quarkus.rest-client.keycloak-admin.url}, the realm's
 * admin URL), called with mypage-fn's own service-account token (quarkus.oidc-client.*; the realm gives that account
 * realm-management's view-users and nothing more).
 */
@RegisterRestClient(configKey = "keycloak-admin")
@OidcClientFilter
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public interface KeycloakUsers {

    /** The part of Keycloak's UserRepresentation the mails need. */
    record User(String username, String email, String firstName, Map<String, List<String>> attributes) {
    }

    /**
     * Users by exact username: none or one. The brief representation carries the attributes (locale) too, in
     * Keycloak 26; the full one adds the user profile's metadata: measured warm, 2.5 to 3.0 ms of Keycloak's CPU per
     * lookup against 1.6 to 2.3 ms, and 1,667 bytes against 258.
     */
    @GET
    List<User> byUsername(@QueryParam("username") String username, @QueryParam("exact") boolean exact,
            @QueryParam("briefRepresentation") boolean briefRepresentation);
}
