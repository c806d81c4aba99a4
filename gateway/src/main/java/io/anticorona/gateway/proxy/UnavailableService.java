package io.anticorona.gateway.proxy;

import java.util.concurrent.atomic.AtomicLong;

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
 * What the customer gets when a call cannot reach its function: a function that refuses or resets the connection,
 * or a wait queue for its connections that is already full, is a 503 problem+json with Retry-After from the
 * gateway, never the proxy's bare 502. A function's own answers pass unchanged. The Retry-After of a full queue is
 * the time the service needs to answer that many calls, at the rate it answered in the last second.
 */
final class UnavailableService implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UnavailableService.class);

    private final String service;
    private final int waitQueue;
    private final AtomicLong answeredThisSecond = new AtomicLong();
    private volatile long answeredLastSecond;
    private volatile long second;

    UnavailableService(String service, int waitQueue) {
        this.service = service;
        this.waitQueue = waitQueue;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            boolean busy = failure instanceof ConnectionPoolTooBusyException;
            LOG.debugf("%s unavailable: %s", service, failure);
            long retryAfter = busy ? Math.max(1, (waitQueue + answeredPerSecond() - 1) / Math.max(1, answeredPerSecond())) : 1;
            String detail = busy
                    ? "Too many requests are waiting for " + service + "; nothing was done. Please retry after " + retryAfter + " s."
                    : service + " could not be reached; nothing was done. Please retry after " + retryAfter + " s.";
            String problem = new JsonObject().put("type", "urn:anticorona:problem:service-unavailable")
                    .put("title", "Service unavailable").put("status", 503).put("detail", detail).encode();
            ProxyResponse response = context.request().release().response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/problem+json")
                    .putHeader("Retry-After", Long.toString(retryAfter))
                    .putHeader("Cache-Control", "no-store")
                    .setBody(Body.body(Buffer.buffer(problem)));
            return Future.succeededFuture(response);
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        count();
        return context.sendResponse();
    }

    private void count() {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            answeredLastSecond = now == second + 1 ? answeredThisSecond.getAndSet(0) : 0;
            answeredThisSecond.set(0);
            second = now;
        }
        answeredThisSecond.incrementAndGet();
    }

    private long answeredPerSecond() {
        return System.currentTimeMillis() / 1000 <= second + 1 ? answeredLastSecond : 0;
    }
}
