package io.anticorona.mypage.mail;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.PersistenceException;

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
 * Sends the mail outbox: takes the next due PENDING rows, a batch per transaction ({@code for update skip locked}, so
 * several instances share the work and never send one row twice at once), looks up each customer's address and locale
 * in Keycloak, writes the mail in their language and sends it over SMTP. A batch saves a transaction and three queries
 * per mail, which under a spike is most of the sender's database work. The transaction's timeout outlasts the mails it
 * may start ({@link #BATCH_START_BUDGET}) plus one lookup and send: a slow relay can never make the reaper roll back
 * rows that were sent, which would send them again.
 * A batch reads the customers' settings when it starts: mails turned off later go with that batch.
 * Delivery is at least once: a mail sent whose row could not be marked (a crash before the batch commits) goes again;
 * its Message-ID is the event's, so a mail client can tell.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    /**
     * The due rows, oldest first, and of each customer only the oldest still pending: a mail waits while an earlier
     * one of the same customer waits for a retry or is being sent by another instance, so that "promoted from the
     * waitlist" never arrives before "on the waitlist".
     */
    private static final String DUE = """
            select * from mail_outbox m
            where status = 'PENDING' and next_attempt_at <= now()
              and not exists (select 1 from mail_outbox earlier
                              where earlier.customer_id = m.customer_id and earlier.status = 'PENDING'
                                and (earlier.created_at, earlier.event_id) < (m.created_at, m.event_id))
            order by created_at, event_id
            limit ?1 for update skip locked""";

    /** Rows taken per transaction. */
    public static final int BATCH_SIZE = 50;

    /** No mail of a batch starts after this; the rest stays due, unlocked at commit, for the next round. */
    static final Duration BATCH_START_BUDGET = Duration.ofSeconds(20);

    /** Longer than the start budget plus one Keycloak lookup (2 s + 5 s) and the SMTP timeout (10 s). */
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
    @Scheduled(identity = "mail-send", every = "${anticorona.schedule.mail-send}", delayed = "2s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
            while (QuarkusTransaction.requiringNew().timeout(TRANSACTION_TIMEOUT_SECONDS).call(this::sendDueBatch)) {
                // a batch went: there may be more due now
            }
        } catch (RuntimeException e) {
            LOG.warnf("Mail sending paused, will retry: %s", e.getMessage());
        }
    }

    /**
     * Sends the next due mails, oldest first; true when more may be due, which is whenever a batch went (a customer's
     * next mail is only taken once the one before it is done). A failed send ends the round (the rest would most
     * likely fail the same way; they stay due for the next poll), the start budget only the batch.
     */
    private boolean sendDueBatch() {
        @SuppressWarnings("unchecked")
        List<OutgoingMail> due = OutgoingMail.getEntityManager().createNativeQuery(DUE, OutgoingMail.class)
                .setParameter(1, BATCH_SIZE)
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        Batch batch = Batch.of(due);
        long deadline = System.nanoTime() + BATCH_START_BUDGET.toNanos();
        for (OutgoingMail mail : due) {
            if (System.nanoTime() > deadline) {
                return true; // the rest of this batch is still due: the next round takes it
            }
            if (!sendOrPostpone(mail, batch)) {
                return false;
            }
        }
        return true;
    }

    /** False when the send failed and the mail was given its next attempt; a mail refused for good is done. */
    private boolean sendOrPostpone(OutgoingMail mail, Batch batch) {
        try {
            send(mail, batch);
            return true;
        } catch (PersistenceException e) {
            throw e; // the transaction is lost: the whole batch stays due
        } catch (RuntimeException e) {
            Optional<String> refused = SmtpRefusal.ofRecipient(e);
            if (refused.isPresent()) {
                // Never deliverable: given up, so that the customer's later mails are not held back behind it.
                mail.attempts++;
                mail.status = Status.UNDELIVERABLE;
                mail.lastError = truncate("The mail relay refused the recipient: " + refused.get());
                LOG.warnf("Mail for event %s is undeliverable: %s", mail.eventId, mail.lastError);
                return true;
            }
            // The server is down or refused for now, or Keycloak could not be asked: keep the row and try again later.
            mail.attempts++;
            mail.nextAttemptAt = now().plus(config.backoff().after(mail.attempts));
            mail.lastError = truncate(e.toString());
            LOG.warnf("Mail for event %s not sent (attempt %d), next try at %s: %s", mail.eventId, mail.attempts,
                    mail.nextAttemptAt, e.getMessage());
            return false;
        }
    }

    /**
     * The settings, notifications and vaccine names of a batch's mails, read in three queries when the batch starts,
     * so that nothing in the sending loop touches the database.
     */
    private record Batch(Map<String, CustomerSettings> settings, Map<UUID, Notification> notifications,
            Map<Long, String> vaccines) {

        static Batch of(List<OutgoingMail> mails) {
            List<String> customers = mails.stream().map(mail -> mail.customerId).distinct().toList();
            List<UUID> events = mails.stream().map(mail -> mail.eventId).toList();
            Map<UUID, Notification> notifications = Notification.<Notification> list("eventId in ?1", events).stream()
                    .collect(Collectors.toMap(notification -> notification.eventId, notification -> notification));
            List<Long> vaccineIds = notifications.values().stream().map(notification -> notification.vaccineId).distinct()
                    .toList();
            return new Batch(
                    CustomerSettings.<CustomerSettings> list("customerId in ?1", customers).stream()
                            .collect(Collectors.toMap(settings -> settings.customerId, settings -> settings)),
                    notifications,
                    VaccineName.<VaccineName> list("vaccineId in ?1", vaccineIds).stream()
                            .collect(Collectors.toMap(vaccine -> vaccine.vaccineId, vaccine -> vaccine.name)));
        }
    }

    private void send(OutgoingMail mail, Batch batch) {
        CustomerSettings settings = batch.settings().get(mail.customerId);
        if (settings != null && !settings.emails) {
            mail.status = Status.OPTED_OUT; // turned off after this mail was queued, before its batch: it does not go
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
        Notification notification = batch.notifications().get(mail.eventId);
        String vaccine = batch.vaccines().get(notification.vaccineId);
        Language language = Language.choose(settings != null ? settings.language : null, account.get().locale());
        MailText text = MailText.of(language, notification.kind, account.get().name(),
                vaccine, notification.vaccineId, notification.bookingId);
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
