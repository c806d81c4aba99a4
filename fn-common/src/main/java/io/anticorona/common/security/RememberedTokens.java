package io.anticorona.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/** Asked before quarkus-oidc: answers a token that {@link VerifiedTokens} remembers, else null so that quarkus-oidc verifies it. */
@ApplicationScoped
@Unremovable // reached only through the security manager's Instance<IdentityProvider<?>>
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokens verified;

    public RememberedTokens(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Above quarkus-oidc's provider, which has the default priority (1001). */
    @Override
    public int priority() {
        return 2_000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(verified.remembered(request));
    }
}
