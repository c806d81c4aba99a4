package io.anticorona.gateway.config;

import java.net.URI;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Path prefix (such as {@code /bookings}) to the name of the service that owns it. */
    Map<String, String> routes();

    /** Service name to its base URL. */
    Map<String, URI> services();

    /** Connections kept open to each service. */
    @WithDefault("200")
    int maxConnectionsPerService();
}
