package io.anticorona.mypage.mail;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.ext.mail.SMTPException;

/**
 * Whether a failed send can never succeed for this recipient: the relay refused the recipient (RCPT TO) with a
 * permanent reply whose enhanced status code (RFC 3463) says the address or the mailbox is bad, such as
 * {@code 550 5.1.1 user unknown}. Retrying such a mail would hold back every later mail of the customer. Anything else
 * is retried: a bare {@code 550} (relays also use it for "relaying denied", which would refuse every mail), a refused
 * sender ({@code 5.1.7}, {@code 5.1.8}) and a policy or authentication refusal ({@code 5.7.x}).
 */
public final class SmtpRefusal {

    /** How vert.x's mail client names a refusal at RCPT TO. */
    private static final String AT_RECIPIENT = "recipient address not accepted";
    private static final Pattern ENHANCED_STATUS = Pattern.compile("^\\d{3}[ -](5\\.\\d{1,3}\\.\\d{1,3})\\b");
    /** Bad mailbox, system or syntax, moved, invalid recipient address (X.1.x), and mailbox disabled (X.2.1). */
    private static final Set<String> BAD_RECIPIENT = Set.of("5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1");

    private SmtpRefusal() {
    }

    /** The relay's reply when it refused the recipient for good; empty for a failure worth retrying. */
    public static Optional<String> ofRecipient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return refusesRecipient(smtp) ? Optional.of(smtp.getReplyMessage()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean refusesRecipient(SMTPException smtp) {
        if (!smtp.isPermanent() || smtp.getMessage() == null || !smtp.getMessage().startsWith(AT_RECIPIENT)
                || smtp.getReplyMessages().isEmpty()) {
            return false;
        }
        Matcher status = ENHANCED_STATUS.matcher(smtp.getReplyMessages().get(0));
        return status.find() && BAD_RECIPIENT.contains(status.group(1));
    }
}
