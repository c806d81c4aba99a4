package io.anticorona.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which paths the public port refuses as Quarkus' /q/ (the gateway serves those on its management interface only). The
 * paths are as the router hands them over: normalized (dot segments resolved, repeated slashes merged).
 */
class ManagementPathTest {

    @ParameterizedTest
    @ValueSource(strings = { "/q", "/q/", "/q/metrics", "/q/health/ready", "/%2Fq/health", "/%71/health", "/%71%2Fmetrics",
            "/q;x/metrics" })
    void aPathUnderQHoweverSpeltIsAManagementPath(String path) {
        assertTrue(RouteTable.isManagementPath(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/qr", "/queue", "/q.html", "/vaccines", "/vaccines/q/metrics", "/index.html" })
    void otherPathsAreNot(String path) {
        assertFalse(RouteTable.isManagementPath(path), path);
    }
}
