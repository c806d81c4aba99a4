package io.anticorona.deploy.keycloak;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * The Keycloak Operator's {@code KeycloakRealmImport} (k8s.keycloak.org/v2alpha1), written by hand from the operator's
 * CRD and, for {@code spec.realm}, from Keycloak's RealmRepresentation (the format of a realm export). Like
 * {@link Keycloak} it holds only the fields this project uses, read strictly: a realm field added to
 * deploy/60-keycloak.yaml must be added here too, after checking it in Keycloak's representation classes.
 */
public record KeycloakRealmImport(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    /**
     * The realm to create (once: the operator never updates an existing realm), and the placeholders: each
     * {@code ${NAME}} in the realm is replaced with the value of a Secret's key.
     */
    public record Spec(String keycloakCRName, Realm realm, Map<String, Placeholder> placeholders,
            ResourceRequirements resources) {
    }

    public record Placeholder(SecretKeySelector secret) {
    }

    public record Realm(
            String realm,
            Boolean enabled,
            String displayName,
            /* none, external or all */
            String sslRequired,
            /* policies joined by " and ", e.g. length(12) and hashIterations(27500) */
            String passwordPolicy,
            Integer accessTokenLifespan,
            Boolean registrationAllowed,
            Boolean loginWithEmailAllowed,
            Boolean bruteForceProtected,
            Boolean internationalizationEnabled,
            List<String> supportedLocales,
            String defaultLocale,
            Roles roles,
            List<Client> clients,
            List<User> users) {
    }

    /** Realm roles, and client roles by clientId. */
    public record Roles(List<Role> realm, Map<String, List<Role>> client) {
    }

    public record Role(String name, String description) {
    }

    public record Client(
            String clientId,
            String name,
            Boolean enabled,
            Boolean publicClient,
            /* client-secret, client-jwt, client-secret-jwt, client-x509 */
            String clientAuthenticatorType,
            String secret,
            Boolean standardFlowEnabled,
            Boolean implicitFlowEnabled,
            Boolean directAccessGrantsEnabled,
            Boolean serviceAccountsEnabled,
            List<String> redirectUris,
            List<String> webOrigins,
            /* e.g. pkce.code.challenge.method, post.logout.redirect.uris (URIs joined by ##) */
            Map<String, String> attributes,
            Boolean fullScopeAllowed) {
    }

    /** A user; a client's service account is one too, with serviceAccountClientId naming the client. */
    public record User(
            String username,
            Boolean enabled,
            String serviceAccountClientId,
            String email,
            Boolean emailVerified,
            String firstName,
            String lastName,
            List<Credential> credentials,
            List<String> realmRoles,
            Map<String, List<String>> clientRoles) {
    }

    public record Credential(String type, String value, Boolean temporary) {
    }
}
