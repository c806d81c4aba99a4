package io.anticorona.gateway.proxy;

import java.net.ConnectException;

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
 * refused connection, or a connection lost before the answer, is a 503 problem+json with Retry-After from the gateway,
 * never the proxy's bare 502. A function's own answers pass unchanged. The Retry-After of a full queue is the time
 * the service needs to answer that many calls at the rate it answered in the last second (1 to 30 s).
 */
final class UnavailableService implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UnavailableService.class);
    private static final String SHED = "anticorona.shed";
    private static final long MAX_RETRY_AFTER = 30;

    private final String service;
    private final int waitQueue;
    private long second;
    private long answeredThisSecond;
    private long answeredLastSecond;

    UnavailableService(String service, int waitQueue) {
        this.service = service;
        this.waitQueue = waitQueue;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            log(failure);
            context.set(SHED, Boolean.TRUE);
            long retryAfter = failure instanceof ConnectionPoolTooBusyException ? retryAfterFullQueue() : 1;
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
        if (failure instanceof ConnectionPoolTooBusyException || failure instanceof ConnectException) {
            LOG.debugf("%s unavailable: %s", service, failure);
        } else {
            LOG.warnf("The connection to %s was lost before it answered: %s", service, failure);
        }
    }

    /** Whether the call surely never reached the function (so repeating it is safe), and when to retry. */
    private String detail(Throwable failure, long retryAfter) {
        if (failure instanceof ConnectionPoolTooBusyException) {
            return "Too many requests are waiting for " + service + "; nothing was done. Please retry after " + retryAfter + " s.";
        }
        if (failure instanceof ConnectException) {
            return service + " could not be reached; nothing was done. Please retry after " + retryAfter + " s.";
        }
        return "The connection to " + service + " was lost before it answered; the request may or may not have been"
                + " carried out. Check before you retry.";
    }

    private static String problem(String detail) {
        return new JsonObject().put("type", "urn:anticorona:problem:service-unavailable")
                .put("title", "Service unavailable").put("status", 503).put("detail", detail).encode();
    }

    private synchronized void answered() {
        roll();
        answeredThisSecond++;
    }

    /** The queue's length over last second's rate, within 1 to 30 s; 1 s while no rate is known. */
    private synchronized long retryAfterFullQueue() {
        roll();
        if (answeredLastSecond == 0) {
            return 1;
        }
        return Math.min(MAX_RETRY_AFTER, Math.max(1, (waitQueue + answeredLastSecond - 1) / answeredLastSecond));
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
