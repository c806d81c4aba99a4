package io.anticorona.mypage.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.ext.mail.SMTPException;

class SmtpRefusalTest {

    /** A reply to RCPT TO, as vert.x's mail client reports it. */
    private static SMTPException reply(int code, String line, boolean enhancedStatusCodes) {
        return new SMTPException("recipient address not accepted", code, List.of(line), enhancedStatusCodes);
    }

    @Test
    void anUnknownUserIsRefusedForGood() {
        Optional<String> refused = SmtpRefusal.ofRecipient(reply(550, "550 5.1.1 <bob@example.com>: User unknown", true));
        assertTrue(refused.isPresent());
        assertEquals("550 5.1.1 <bob@example.com>: User unknown", refused.get());
    }

    @Test
    void aDisabledMailboxIsRefusedForGood() {
        assertTrue(SmtpRefusal.ofRecipient(reply(550, "550 5.2.1 Mailbox disabled", true)).isPresent());
    }

    @Test
    void theRefusalIsFoundBehindTheMailersWrapping() {
        assertTrue(SmtpRefusal.ofRecipient(new CompletionException(reply(553, "553 5.1.3 Bad address syntax", true)))
                .isPresent());
    }

    @Test
    void aTemporaryRefusalIsRetried() {
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(reply(450, "450 4.2.1 Mailbox busy", true)));
    }

    @Test
    void aPolicyRefusalIsRetriedBecauseItWouldRefuseEveryMail() {
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(reply(550, "550 5.7.1 Relaying denied", true)));
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(reply(535, "535 5.7.8 Authentication failed", true)));
    }

    @Test
    void aRefusedSenderIsRetriedBecauseItWouldRefuseEveryMail() {
        SMTPException atSender = new SMTPException("sender address not accepted", 550,
                List.of("550 5.1.8 Access denied, bad outbound sender"), true);
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(atSender));
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(reply(550, "550 5.1.8 Bad sender's system address", true)));
    }

    @Test
    void aBare550WithoutEnhancedStatusIsRetried() {
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(reply(550, "550 Relaying denied", false)));
    }

    @Test
    void aFailureThatIsNoSmtpReplyIsRetried() {
        assertEquals(Optional.empty(), SmtpRefusal.ofRecipient(new IllegalStateException("connection refused")));
    }
}
