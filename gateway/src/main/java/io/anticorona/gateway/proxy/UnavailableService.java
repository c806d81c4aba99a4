package io.anticorona.gateway.proxy;

import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * What the customer gets when a call cannot reach its function: a full wait queue for the function's connections, a
 * wait for one longer than allowed, a refused connection, or a connection lost before the answer, is a 503
 * problem+json with Retry-After from the gateway, never the proxy's bare 502. A function's own answers pass unchanged.
 * The Retry-After of a busy service is the time it needs to answer the calls waiting for it now, at the rate it
 * answered in the last second (1 to 30 s; the longest wait while it answered nothing).
 */
final class UnavailableService implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UnavailableService.class);
    private static final String SHED = "anticorona.shed";
    private static final long MAX_RETRY_AFTER = 30;

    private final String service;
    private final Origin origin;
    private long second;
    private long answeredThisSecond;
    private long answeredLastSecond;

    UnavailableService(String service, Origin origin) {
        this.service = service;
        this.origin = origin;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            log(failure);
            context.set(SHED, Boolean.TRUE);
            long retryAfter = busy(failure) ? retryAfterBusy() : 1;
            ProxyResponse response = context.request().release().response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/problem+json")
                    .putHeader("Retry-After", Long.toString(retryAfter))
                    .putHeader("Cache-Control", "no-store")
                    .setBody(Body.body(Buffer.buffer(problem(detail(failure, retryAfter)))));
            return Future.succeededFuture(response);
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        if (context.get(SHED, Boolean.class) == null) {
            answered();
        }
        return context.sendResponse();
    }

    /**
     * A full queue is shedding and a refused connection a function that is down, both seen elsewhere (metrics,
     * health); a connection lost mid-call leaves the customer unsure what happened, so its cause is a warning (one
     * line, no stack trace: a function that dies mid-spike loses many at once).
     */
    private void log(Throwable failure) {
        if (failure instanceof Origin.NotSent) {
            LOG.debugf("%s unavailable: %s", service, failure);
        } else {
            LOG.warnf("The connection to %s was lost before it answered: %s", service, failure);
        }
    }

    /** Whether the call surely never reached the function (so repeating it is safe), and when to retry. */
    private String detail(Throwable failure, long retryAfter) {
        if (busy(failure)) {
            return "Too many requests are waiting for " + service + "; nothing was done. Please retry after " + retryAfter + " s.";
        }
        if (failure instanceof Origin.NotSent) {
            return service + " could not be reached; nothing was done. Please retry after " + retryAfter + " s.";
        }
        return "The connection to " + service + " was lost before it answered; the request may or may not have been"
                + " carried out. Check before you retry.";
    }

    private static String problem(String detail) {
        return new JsonObject().put("type", "urn:anticorona:problem:service-unavailable")
                .put("title", "Service unavailable").put("status", 503).put("detail", detail).encode();
    }

    /** No connection came because the service's were all busy: the queue was full, or the wait ran out. */
    private static boolean busy(Throwable failure) {
        return failure instanceof Origin.NotSent
                && (failure.getCause() instanceof ConnectionPoolTooBusyException || failure.getCause() instanceof TimeoutException);
    }

    private synchronized void answered() {
        roll();
        answeredThisSecond++;
    }

    private synchronized long retryAfterBusy() {
        roll();
        if (answeredLastSecond == 0) {
            return origin.maxWaitSeconds();
        }
        return Math.min(MAX_RETRY_AFTER, Math.max(1, (origin.waiting() + answeredLastSecond - 1) / answeredLastSecond));
    }

    private void roll() {
        long now = System.nanoTime() / 1_000_000_000L;
        if (now != second) {
            answeredLastSecond = now == second + 1 ? answeredThisSecond : 0;
            answeredThisSecond = 0;
            second = now;
        }
    }
}
