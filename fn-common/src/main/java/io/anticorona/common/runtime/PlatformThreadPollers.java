package io.anticorona.common.runtime;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;

/**
 * In a native executable, virtual threads wait for socket reads through platform poller threads
 * ({@code jdk.pollerMode=1}, JDK 21's default on Linux) instead of JDK 25's virtual-thread pollers. With the latter a
 * virtual thread's read sometimes waited forever although the data had arrived (oracle/graal#13787; seen here as a
 * booking stuck in a PgJDBC read, its transaction "idle in transaction"). The JDK reads the property once, when the
 * first virtual thread waits on a socket, which is after start; an explicit {@code -Djdk.pollerMode} still wins.
 */
@ApplicationScoped
public class PlatformThreadPollers {

    static final String POLLER_MODE = "jdk.pollerMode";
    private static final Logger LOG = Logger.getLogger(PlatformThreadPollers.class);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        if (ImageMode.current() == ImageMode.NATIVE_RUN && System.getProperty(POLLER_MODE) == null) {
            System.setProperty(POLLER_MODE, "1");
            LOG.debug("Native executable: virtual threads use platform poller threads (jdk.pollerMode=1)");
        }
    }
}
