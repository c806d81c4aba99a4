package io.anticorona.gateway.web;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The web app's sign-in, on quarkus-oidc's authorization code flow (application type hybrid, client {@code gateway},
 * PKCE): {@code GET /login}, {@code POST /logout}, {@code GET /session}, and the token relay on the API routes.
 * The browser holds only quarkus-oidc's encrypted, HttpOnly session cookie; the tokens stay on the server side.
 */
@ApplicationScoped
public class SignIn {

    private static final Logger LOG = Logger.getLogger(SignIn.class);

    /** quarkus-oidc's session cookie (default tenant), split into {@code q_session_chunk_n} when it is large. */
    static final String SESSION_COOKIE = "q_session";

    /** The roles of the contract; Keycloak's own (offline_access, default-roles-...) mean nothing to the web app. */
    static final Set<String> ROLES = Set.of("customer", "booking-agent", "vaccine-admin", "injection-admin");

    private final Csrf csrf;

    SignIn(Csrf csrf) {
        this.csrf = csrf;
    }

    void install(@Observes Router router) {
        // Signed in by quarkus-oidc before this runs (permission "login" in application.properties): the code flow
        // ends on /login itself, so this is reached once the session cookie is set.
        router.get("/login").handler(this::login);
        // quarkus-oidc ends the session (RP-initiated logout) when it authenticates a request on its logout path.
        router.post("/logout")
                .handler(BodyHandler.create().setBodyLimit(4096)) // a plain form post carries the CSRF token as a field
                .handler(this::homeWithoutSession)
                .handler(csrf::handle)
                .failureHandler(csrf::failure)
                .handler(this::logout);
        router.get("/session").handler(csrf::handle).handler(this::session);
    }

    /**
     * Before the proxy on every API route: a call with the session cookie and no Authorization header of its own gets
     * the session's access token (quarkus-oidc refreshes an expired one first). With no valid session it goes on
     * without one, and the function answers 401: an API call is never redirected to Keycloak. Unsafe methods made
     * with the cookie must pass the CSRF check first.
     */
    public void relay(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.headers().contains(HttpHeaders.AUTHORIZATION) || !hasSessionCookie(request)) {
            forward(context, null);
            return;
        }
        request.pause(); // the body waits for the proxy while the identity is resolved
        identity(context, identity -> forward(context, accessToken(identity)), failure -> {
            LOG.debugf("No session for %s %s: %s", request.method(), request.path(), failure.toString());
            forward(context, null);
        });
    }

    /** The CSRF check for the API routes: only for calls that the session cookie authenticates. */
    public void csrfCheck(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (Csrf.unsafe(request.method()) && !request.headers().contains(HttpHeaders.AUTHORIZATION)
                && hasSessionCookie(request)) {
            csrf.handle(context);
        } else {
            context.next();
        }
    }

    public void csrfFailure(RoutingContext context) {
        csrf.failure(context);
    }

    private static void forward(RoutingContext context, String accessToken) {
        HttpServerRequest request = context.request();
        if (accessToken != null) {
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
        }
        // The functions take bearer tokens only. Cookies stay here: the session cookie's name could otherwise pick a
        // function's OIDC tenant, and the CSRF token means nothing there.
        request.headers().remove(HttpHeaders.COOKIE);
        context.next();
    }

    private void login(RoutingContext context) {
        context.response().setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, sameOrigin(context.request().getParam("next")))
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end();
    }

    /** Signing out without a session has nothing to end (and nothing to forge): back to the web app. */
    private void homeWithoutSession(RoutingContext context) {
        if (hasSessionCookie(context.request())) {
            context.next();
        } else {
            seeOther(context, "/");
        }
    }

    private void logout(RoutingContext context) {
        identity(context, identity -> seeOther(context, "/"), failure -> {
            if (failure instanceof AuthenticationRedirectException redirect) {
                seeOther(context, redirect.getRedirectUri()); // Keycloak's end-session endpoint, then back to /
            } else {
                LOG.debugf("Sign-out without a valid session: %s", failure.toString());
                seeOther(context, "/");
            }
        });
    }

    private void session(RoutingContext context) {
        identity(context, identity -> {
            JsonObject body = new JsonObject();
            if (identity == null || identity.isAnonymous()) {
                body.put("authenticated", false);
            } else {
                body.put("authenticated", true);
                if (identity.getPrincipal() instanceof JsonWebToken token) {
                    body.put("username", token.<Object>getClaim("preferred_username"))
                            .put("name", token.<Object>getClaim("name"))
                            .put("email", token.<Object>getClaim("email"));
                } else {
                    body.put("username", identity.getPrincipal().getName());
                }
                List<String> roles = identity.getRoles().stream().filter(ROLES::contains).sorted().toList();
                body.put("roles", new JsonArray(roles));
            }
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body.encode());
        }, failure -> {
            LOG.debugf("Session not usable: %s", failure.toString());
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end("{\"authenticated\":false}");
        });
    }

    /**
     * Resolves the request's identity lazily (proactive authentication is off): quarkus-oidc reads the session
     * cookie, refreshes expired tokens, or runs the logout. Both outcomes come back on the request's own context.
     */
    private static void identity(RoutingContext context, java.util.function.Consumer<SecurityIdentity> onIdentity,
            java.util.function.Consumer<Throwable> onFailure) {
        Context here = Vertx.currentContext();
        // The outcome is handled here; Quarkus's default handler would answer a failure with a challenge (a redirect
        // to Keycloak, or quarkus-oidc's logout redirect) on its own.
        context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (BiConsumer<RoutingContext, Throwable>) (ignored, failure) -> {
        });
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> onContext(here, () -> onIdentity.accept(identity)),
                failure -> onContext(here, () -> onFailure.accept(failure)));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    static String accessToken(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        return credential == null ? null : credential.getToken();
    }

    static boolean hasSessionCookie(HttpServerRequest request) {
        for (Cookie cookie : request.cookies()) {
            if (cookie.getName().equals(SESSION_COOKIE) || cookie.getName().startsWith(SESSION_COOKIE + "_chunk_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where {@code /login} may send the browser: a path on this origin only. Anything else ({@code //host},
     * {@code /\host}, a scheme, control characters) is no open redirect: it goes to {@code /}.
     */
    static String sameOrigin(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return "/";
            }
        }
        return next;
    }

    private static void seeOther(RoutingContext context, String location) {
        context.response().setStatusCode(303)
                .putHeader(HttpHeaders.LOCATION, location)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end();
    }
}
