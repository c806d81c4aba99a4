package io.anticorona.common.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Remembers, until it expires, the identity that quarkus-oidc built for a bearer token it verified, so that the same
 * token is not verified again: booking-fn's service-account token at every stock check, an agent's or a customer's
 * token at each of their calls. Verifying costs an RSA signature check and the claims' parsing, about 1.5 ms of CPU per
 * request on these JVMs (C1 only), twice per booking; a hit costs a map lookup. A token is only ever accepted here for
 * the OIDC tenant that verified it, and never past its own expiry; anything not remembered goes to quarkus-oidc.
 */
@ApplicationScoped
public class VerifiedTokens implements SecurityIdentityAugmentor {

    /** A bound on memory (an entry is a few KiB): when full, expired tokens go, and if none has, all of them. */
    static final int MAX_TOKENS = 1_000;
    private static final String TENANT_ID = "tenant-id";
    private static final String DEFAULT_TENANT = "Default";
    private static final String REMEMBERED = VerifiedTokens.class.getName();

    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** The identity remembered for this token in the tenant of this request, or null. */
    SecurityIdentity remembered(TokenAuthenticationRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String key = key(resolvedTenant(routing), request.getToken().getToken());
        Verified hit = key == null ? null : verified.get(key);
        if (hit == null || !Instant.now().isBefore(hit.expiresAt())) {
            return null;
        }
        return withRoutingContext(hit.identity(), routing);
    }

    /** Runs after every successful verification: remembers what quarkus-oidc built. */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        String tenant = resolvedTenant(HttpSecurityUtils.getRoutingContextAttribute(identity));
        String key = token == null || !String.valueOf(tenant).equals(identity.getAttribute(TENANT_ID)) ? null
                : key(tenant, token.getToken());
        if (key == null || identity.getAttribute(REMEMBERED) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return Uni.createFrom().item(identity);
        }
        if (verified.size() >= MAX_TOKENS) {
            Instant now = Instant.now();
            verified.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(key, new Verified(withRoutingContext(identity, null), Instant.ofEpochSecond(jwt.getExpirationTime())));
        return Uni.createFrom().item(identity);
    }

    /**
     * The tenant quarkus-oidc resolved for this request (from its path), which it puts in the routing context before
     * any identity provider runs. Not the routing context's "tenant-id", which a request cookie can set.
     */
    private static String resolvedTenant(RoutingContext routing) {
        Object config = routing == null ? null : routing.get(OidcTenantConfig.class.getName());
        return config instanceof OidcTenantConfig tenant ? tenant.tenantId().orElse(DEFAULT_TENANT) : null;
    }

    private static String key(Object tenant, String token) {
        return tenant == null || token == null ? null : tenant + " " + token;
    }

    /** The same identity, tied to this request's routing context (never to the one it was first verified in). */
    private static SecurityIdentity withRoutingContext(SecurityIdentity identity, RoutingContext routing) {
        QuarkusSecurityIdentity.Builder copy = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissionChecker(identity::checkPermission)
                .setAnonymous(identity.isAnonymous())
                .addAttribute(REMEMBERED, Boolean.TRUE);
        identity.getAttributes().forEach((name, value) -> {
            if (!(value instanceof RoutingContext)) {
                copy.addAttribute(name, value);
            }
        });
        if (routing != null) {
            copy.addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, routing);
        }
        return copy.build();
    }
}
