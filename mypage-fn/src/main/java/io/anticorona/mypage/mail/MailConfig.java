package io.anticorona.mypage.mail;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notification mails; SMTP itself is configured with {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "anticorona.mail")
public interface MailConfig {

    /** Sending on or off (the outbox still fills when off, and drains once it is on again). */
    @WithDefault("true")
    boolean enabled();

    /** The first retry after a failed send; each further failure doubles it, up to {@code retry-max}. */
    @WithDefault("2s")
    Duration retryFirst();

    @WithDefault("10m")
    Duration retryMax();

    default Backoff backoff() {
        return new Backoff(retryFirst(), retryMax());
    }
}
