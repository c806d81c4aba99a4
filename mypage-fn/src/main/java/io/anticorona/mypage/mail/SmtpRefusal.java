package io.anticorona.mypage.mail;

import java.util.Optional;

import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.SMTPException.EnhancedStatus;

/**
 * Whether a failed send can never succeed for this recipient: a permanent reply (5xx) whose enhanced status code
 * (RFC 3463) is about the address or the mailbox, such as {@code 550 5.1.1 user unknown}. Retrying such a mail would
 * hold back every later mail of the customer. Anything else, a bare {@code 550} included (relays also use it for
 * "relaying denied", which would refuse every mail), is retried.
 */
public final class SmtpRefusal {

    private SmtpRefusal() {
    }

    /** The relay's reply when it refused the recipient for good; empty for a failure worth retrying. */
    public static Optional<String> ofRecipient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return refusesRecipient(smtp) ? Optional.of(smtp.getReplyCode() + " " + smtp.getReplyMessage())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean refusesRecipient(SMTPException smtp) {
        EnhancedStatus status = smtp.getEnhancedStatus();
        return smtp.isPermanent()
                && (status == EnhancedStatus.OTHER_ADDRESS || status == EnhancedStatus.OTHER_MAILBOX);
    }
}
