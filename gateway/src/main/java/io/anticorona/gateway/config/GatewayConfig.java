package io.anticorona.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Path prefix (such as {@code /bookings}) to the name of the service that owns it. */
    Map<String, String> routes();

    /**
     * Paths under a routed prefix that only the functions call each other on (regular expressions over the
     * normalized path): never routed, answered 404 as if they did not exist.
     */
    List<String> internalPaths();

    /** Service name to its base URL. */
    Map<String, URI> services();

    /**
     * Connections kept open to each service: enough that a spike waits in the function's own admission queue, which
     * knows its drain rate and sheds with an honest Retry-After, rather than here.
     */
    @WithDefault("1000")
    int maxConnectionsPerService();

    /**
     * Calls queued for a connection to one service when all its connections are busy; one more gets a 503 with
     * Retry-After at once. The bound keeps a spike's memory in the gateway finite (README "Performance").
     */
    @WithDefault("2000")
    int maxWaitingPerService();

    /**
     * How long a call waits for a connection (in that queue, or opening one) before it gets a 503 with Retry-After:
     * no longer than booking-fn lets a booking wait in its own admission queue
     * ({@code anticorona.booking.admission.queue-budget}), whatever the length of the gateway's queue.
     */
    @WithDefault("5s")
    Duration maxWaitPerCall();

    /** Connections for Server-Sent Events (open My Pages) to each service, apart from the ordinary calls'. */
    @WithDefault("1000")
    int maxStreamsPerService();
}
