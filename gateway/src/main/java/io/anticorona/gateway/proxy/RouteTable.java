package io.anticorona.gateway.proxy;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.anticorona.gateway.config.GatewayConfig;
import io.anticorona.gateway.web.SignIn;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;

/**
 * Installs one Vert.x reverse proxy per route; requests and answers (status, headers, body) pass unchanged, except
 * that a call made with the web app's session cookie gets the session's bearer token and leaves its cookies here
 * ({@link SignIn#relay}), after the CSRF check for unsafe methods.
 */
@ApplicationScoped
public class RouteTable {

    private static final Logger LOG = Logger.getLogger(RouteTable.class);

    public static final String NOT_FOUND = "{\"type\":\"urn:anticorona:problem:not-found\",\"title\":\"Not found\","
            + "\"status\":404,\"detail\":\"No such resource\"}";

    void install(@Observes Router router, Vertx vertx, GatewayConfig config, SignIn signIn) {
        List<Pattern> internal = config.internalPaths().stream().map(Pattern::compile).toList();
        router.route().order(-1).handler(context -> {
            if (internal.stream().anyMatch(pattern -> pattern.matcher(decoded(context.normalizedPath())).matches())) {
                context.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end(NOT_FOUND);
            } else {
                context.next();
            }
        });
        LOG.infof("Not routed: %s", config.internalPaths());
        for (Map.Entry<String, String> route : config.routes().entrySet()) {
            String prefix = route.getKey();
            URI target = config.services().get(route.getValue());
            if (target == null) {
                throw new IllegalStateException("Route " + prefix + " names the unknown service " + route.getValue());
            }
            ProxyHandler calls = ProxyHandler.create(proxyTo(vertx, route.getValue(), target, config.maxConnectionsPerService(),
                    config));
            // An open My Page holds its connection for as long as it is open: streams get a pool of their own, so
            // that open pages never make the ordinary calls to the same service wait.
            ProxyHandler streams = ProxyHandler.create(proxyTo(vertx, route.getValue(), target, config.maxStreamsPerService(),
                    config));
            for (String path : List.of(prefix, prefix + "/*")) {
                router.route(path).handler(signIn::csrfCheck).handler(signIn::relay)
                        .handler(context -> (isStream(context) ? streams : calls).handle(context))
                        .failureHandler(signIn::csrfFailure);
            }
            LOG.infof("Route %s -> %s (%s)", prefix, route.getValue(), target);
        }
        // Last of all: a change sent anywhere else (POST /events, say) is not found, as it was before the web app's
        // files came; without this the router answers 405, because the static files match every path for GET. So is
        // anything under /q/, whatever the method: the gateway's own /q/ endpoints are on the management interface,
        // and the public address answers none of them (../shared/CONTRACT.md, "Operations").
        router.route().order(Integer.MAX_VALUE).handler(context -> {
            HttpMethod method = context.request().method();
            if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && !isManagementPath(context.normalizedPath())) {
                context.next();
            } else {
                context.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end(NOT_FOUND);
            }
        });
    }

    /** Under /q, however spelt (a normalized path, as the router gives it): Quarkus' non-application root. */
    static boolean isManagementPath(String path) {
        String plain = decoded(path);
        return plain.equals("/q") || plain.startsWith("/q/");
    }

    private static boolean isStream(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/event-stream");
    }

    /**
     * The path as the function will read it, so that no spelling slips past: percent escapes decoded, matrix
     * parameters ({@code ;x}) cut off and empty segments dropped, as Quarkus REST does when it matches a resource.
     */
    static String decoded(String path) {
        String plain;
        try {
            plain = URI.create(path).getPath();
        } catch (IllegalArgumentException unreadable) {
            plain = path; // the function refuses a path it cannot read, and checks the caller's token anyway
        }
        StringBuilder segments = new StringBuilder();
        for (String segment : plain.split("/")) {
            String bare = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
            if (!bare.isEmpty()) {
                segments.append('/').append(bare);
            }
        }
        return segments.isEmpty() ? "/" : segments.toString();
    }

    /**
     * A proxy to one service: at most maxConnections open, and calls queued for one at most as many and as long as
     * the config allows; the rest get a 503.
     */
    private static HttpProxy proxyTo(Vertx vertx, String service, URI target, int maxConnections, GatewayConfig config) {
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() != -1 ? target.getPort() : tls ? 443 : 80;
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(target.getHost())
                .setDefaultPort(port)
                .setSsl(tls)
                .setMaxPoolSize(maxConnections)
                .setMaxWaitQueueSize(config.maxWaitingPerService())
                .setKeepAlive(true));
        Origin origin = new Origin(port, target.getHost(), config.maxWaitPerCall());
        return HttpProxy.reverseProxy(client).origin(origin)
                .addInterceptor(new UnavailableService(service, origin));
    }
}
