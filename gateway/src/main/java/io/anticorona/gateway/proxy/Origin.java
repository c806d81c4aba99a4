package io.anticorona.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

/**
 * The connection each call to one service waits for: at most {@code maxWait} (a request's connect timeout covers
 * its wait for a pooled connection too), counted while it waits, and marked {@link NotSent} when it fails before
 * anything was sent, so that the customer can be told that retrying is safe.
 */
final class Origin implements OriginRequestProvider {

    /** A call that failed before it was sent: no connection came (full queue, wait too long, refused). */
    static final class NotSent extends RuntimeException {
        NotSent(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final RequestOptions options;
    private final AtomicInteger waiting = new AtomicInteger();

    Origin(int port, String host, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("gateway.max-wait-per-call must be positive, not " + maxWait);
        }
        this.options = new RequestOptions().setServer(SocketAddress.inetSocketAddress(port, host))
                .setConnectTimeout(maxWait.toMillis());
    }

    @Override
    public Future<HttpClientRequest> create(ProxyContext context) {
        waiting.incrementAndGet();
        return context.client().request(new RequestOptions(options))
                .andThen(connected -> waiting.decrementAndGet())
                .recover(failure -> Future.failedFuture(new NotSent(failure)));
    }

    /** The longest a call waits for a connection, in whole seconds (at least 1). */
    long maxWaitSeconds() {
        return Math.max(1, (options.getConnectTimeout() + 999) / 1000);
    }

    /** Calls waiting for a connection now. */
    int waiting() {
        return waiting.get();
    }
}
