package io.anticorona.mypage.mail;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import io.anticorona.common.work.Drainer;
import io.anticorona.mypage.mail.Accounts.Account;
import io.anticorona.mypage.mail.OutgoingMail.Status;
import io.anticorona.mypage.service.CustomerSettings;
import io.anticorona.mypage.service.Notification;
import io.anticorona.mypage.service.VaccineName;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends the mail outbox: takes the next due PENDING row ({@code for update skip locked}, so several instances share the
 * work and never send one row twice at once), looks up the customer's address and locale in Keycloak, writes the mail
 * in their language and sends it over SMTP. One mail per transaction, whose timeout outlasts the lookup's and the
 * send's own: a slow relay can never make the reaper roll back a row that was sent, which would send it again.
 * Delivery is at least once: a mail sent whose row could not be marked (a crash right after the send) goes again; its
 * Message-ID is the event's, so a mail client can tell.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private static final String DUE = """
            select * from mail_outbox
            where status = 'PENDING' and next_attempt_at <= now()
            order by next_attempt_at, created_at
            limit 1 for update skip locked""";

    /** Longer than the Keycloak lookup (2 s + 5 s) and the SMTP timeout (10 s) together. */
    private static final int TRANSACTION_TIMEOUT_SECONDS = 60;

    private final Mailer mailer;
    private final Accounts accounts;
    private final MailConfig config;
    private final Drainer drainer = new Drainer(this::drain);
    private volatile boolean stopped;

    public MailSender(Mailer mailer, Accounts accounts, MailConfig config) {
        this.mailer = mailer;
        this.accounts = accounts;
        this.config = config;
    }

    /** A notification's transaction queued a mail: send it now rather than at the next poll. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Mailbox.Queued queued) {
        requestDrain();
    }

    /**
     * Retries whose time has come, and whatever a crash left behind, every anticorona.schedule.mail-send. A
     * notification's own commit wakes the sender at once, so a fresh mail does not wait for it.
     */
    @Scheduled(identity = "mail-send", every = "${anticorona.schedule.mail-send}", delayed = "2s")
    void poll() {
        requestDrain();
    }

    /** Nothing more to send once the instance stops: its database is going away; what is due stays for the next. */
    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
    }

    private void requestDrain() {
        if (config.enabled() && !stopped) {
            drainer.request();
        }
    }

    private void drain() {
        try {
            while (QuarkusTransaction.requiringNew().timeout(TRANSACTION_TIMEOUT_SECONDS).call(this::sendNextDue)) {
                // sent: there may be more due now
            }
        } catch (RuntimeException e) {
            LOG.warnf("Mail sending paused, will retry: %s", e.getMessage());
        }
    }

    /** Sends the next due mail; false when none is due or the send failed (the rest waits for the next round). */
    private boolean sendNextDue() {
        @SuppressWarnings("unchecked")
        List<OutgoingMail> due = OutgoingMail.getEntityManager().createNativeQuery(DUE, OutgoingMail.class)
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        OutgoingMail mail = due.get(0);
        try {
            send(mail);
            return true;
        } catch (RuntimeException e) {
            // The server is down or refused, or Keycloak could not be asked: keep the row and try again later. The
            // others would most likely fail the same way: they stay due, untouched, for the next poll.
            mail.attempts++;
            mail.nextAttemptAt = now().plus(config.backoff().after(mail.attempts));
            mail.lastError = truncate(e.toString());
            LOG.warnf("Mail for event %s not sent (attempt %d), next try at %s: %s", mail.eventId, mail.attempts,
                    mail.nextAttemptAt, e.getMessage());
            return false;
        }
    }

    private void send(OutgoingMail mail) {
        CustomerSettings settings = CustomerSettings.findById(mail.customerId);
        if (settings != null && !settings.emails) {
            mail.status = Status.OPTED_OUT; // turned off after this mail was queued: it does not go either
            return;
        }
        Optional<Account> account = accounts.find(mail.customerId);
        if (account.isEmpty() || account.get().email() == null) {
            // Asking again would not help: no retries, but the reason stays on the row.
            mail.status = Status.UNDELIVERABLE;
            mail.lastError = account.isEmpty() ? "No Keycloak account named " + mail.customerId
                    : "The Keycloak account " + mail.customerId + " has no email address";
            return;
        }
        Notification notification = Notification.findById(mail.eventId);
        VaccineName vaccine = VaccineName.findById(notification.vaccineId);
        Language language = Language.choose(settings != null ? settings.language : null, account.get().locale());
        MailText text = MailText.of(language, notification.kind, account.get().name(),
                vaccine != null ? vaccine.name : null, notification.vaccineId, notification.bookingId);
        mailer.send(Mail.withText(account.get().email(), text.subject(), text.body())
                .addHeader("Message-ID", messageId(mail))
                .addHeader("Content-Language", language.code()));
        mail.attempts++;
        mail.status = Status.SENT;
        mail.sentAt = now();
        mail.recipient = account.get().email();
        mail.language = language.code();
        mail.lastError = null;
    }

    /** One Message-ID per notification, whichever instance sends it and however often. */
    static String messageId(OutgoingMail mail) {
        return "<" + mail.eventId + "@mypage-fn.anticorona>";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
