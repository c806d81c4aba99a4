package io.anticorona.mypage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.LocalMail;
import io.anticorona.devstack.LocalMail.Mail;
import io.anticorona.devstack.Tokens;
import io.anticorona.mypage.mail.MailSender;
import io.anticorona.mypage.mail.OutgoingMail;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.asAgent;
import static io.anticorona.mypage.Events.cancelled;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.anticorona.mypage.Events.vaccineRegistered;
import static io.anticorona.mypage.Events.waitlisted;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every notification is mailed once, in the customer's language, to the address on their Keycloak account; read back
 * over IMAP from a real mail server. The realm's customers: alice (no locale), bob, carol (locale ko).
 */
@QuarkusTest
class MailTest {

    private static final Logger LOG = Logger.getLogger(MailTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Events events = new Events();
    /** When the last events were produced, for the delivery time each awaited mail reports. */
    private long producedAt;

    /** Each test starts from the defaults: mails on, language from the account. */
    @BeforeEach
    void defaultSettings() {
        for (String customer : List.of(Tokens.ALICE, Tokens.BOB, Tokens.CAROL)) {
            putSettings(customer, "{\"emails\": true, \"language\": null}");
        }
        MailServerResource.mail().start();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void eachNotificationIsMailedOnceAndARedeliveredEventSendsNothingMore() {
        long vaccine = registeredVaccine("Pfizer");
        String name = vaccineName(vaccine);
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> confirmation = confirmed(booking, Tokens.ALICE, vaccine, false, 2, T0);
        ProducerRecord<String, String> cancellation = cancelled(booking, Tokens.ALICE, vaccine, "BOOKED", 3, T0.plusMinutes(5));

        send(confirmation);
        Mail first = awaitMails("alice@example.com", booking, 1).get(0);

        // The same event again (as Kafka redelivers), then a new one of the same booking: same key, so it is applied
        // after the repeat, and once its mail is out the repeat has long been dropped.
        send(confirmation, cancellation);
        awaitSettled(eventId(cancellation));
        List<Mail> mails = awaitMails("alice@example.com", booking, 2);
        assertEquals(2, mails.size(), () -> "one mail per notification, none for the repeat: " + mails);
        assertEquals(first, mails.get(0));
        assertEquals(List.of("alice@example.com"), first.to());
        assertEquals("Your booking for " + name + " is confirmed.", first.subject());
        assertTrue(first.body().contains("Hello Alice,") && first.body().contains(name), first.body());
        assertEquals("<" + eventId(confirmation) + "@mypage-fn.anticorona>", first.messageId());
        assertEquals("Your booking for " + name + " was cancelled.", mails.get(1).subject());
        assertEquals("<" + eventId(cancellation) + "@mypage-fn.anticorona>", mails.get(1).messageId());
    }

    @Test
    void aCustomerWhoseAccountSaysKoreanGetsKorean() {
        long vaccine = registeredVaccine("Moderna");
        String name = vaccineName(vaccine);
        UUID booking = UUID.randomUUID();
        send(waitlisted(booking, Tokens.CAROL, vaccine, 2, T0),
                confirmed(booking, Tokens.CAROL, vaccine, true, 3, T0.plusMinutes(1)));

        List<Mail> mails = awaitMails("carol@example.com", booking, 2);
        assertEquals(name + " 접종 대기자 명단에 등록되었습니다.", mails.get(0).subject());
        assertEquals(name + " 백신에 여유분이 생겨 대기자 명단에서 예약이 확정되었습니다.", mails.get(1).subject());
        assertTrue(mails.get(1).body().startsWith("Carol 님, 안녕하세요.") && mails.get(1).body().contains(name),
                mails.get(1).body());
    }

    @Test
    void theLanguageChosenInTheSettingsOverridesTheAccounts() {
        putSettings(Tokens.CAROL, "{\"emails\": true, \"language\": \"en\"}");
        putSettings(Tokens.BOB, "{\"emails\": true, \"language\": \"ko\"}");
        long vaccine = registeredVaccine("Novavax");
        String name = vaccineName(vaccine);
        UUID carols = UUID.randomUUID();
        UUID bobs = UUID.randomUUID();
        send(confirmed(carols, Tokens.CAROL, vaccine, false, 2, T0), confirmed(bobs, Tokens.BOB, vaccine, false, 2, T0));

        assertEquals("Your booking for " + name + " is confirmed.", awaitMails("carol@example.com", carols, 1).get(0).subject());
        assertEquals(name + " 접종 예약이 확정되었습니다.", awaitMails("bob@example.com", bobs, 1).get(0).subject());
    }

    @Test
    void aMailServerThatIsDownAtFirstGetsTheMailOnceItIsUp() {
        LocalMail server = MailServerResource.mail();
        server.stop();
        long vaccine = registeredVaccine("AstraZeneca");
        String name = vaccineName(vaccine);
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> confirmation = confirmed(booking, Tokens.BOB, vaccine, false, 2, T0);
        send(confirmation);

        // It was tried and failed, and it is kept for later.
        OutgoingMail failed = await().atMost(PATIENCE).until(() -> outgoing(eventId(confirmation)),
                mail -> mail != null && mail.attempts >= 2);
        assertEquals(OutgoingMail.Status.PENDING, failed.status);
        assertNull(failed.sentAt);

        server.start();
        List<Mail> mails = awaitMails("bob@example.com", booking, 1);
        awaitSettled(eventId(confirmation));
        assertEquals(1, awaitMails("bob@example.com", booking, 1).size());
        assertEquals(List.of("bob@example.com"), mails.get(0).to());
        assertEquals("Your booking for " + name + " is confirmed.", mails.get(0).subject());
        assertTrue(mails.get(0).body().contains(name), mails.get(0).body());
    }

    @Test
    void aCustomersMailsGoInTheOrderTheyWereQueuedEvenWhenTheFirstWaitsForARetry() {
        LocalMail server = MailServerResource.mail();
        server.stop();
        long vaccine = registeredVaccine("Moderna");
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> waitlisting = waitlisted(booking, Tokens.ALICE, vaccine, 2, T0);
        sendAndAwaitAFailedSend(waitlisting);
        ProducerRecord<String, String> promotion = confirmed(booking, Tokens.ALICE, vaccine, true, 3, T0.plusMinutes(1));
        try {
            // As after a long outage: its next try is far off, and the server is back before it.
            retryIn("1 hour", eventId(waitlisting));
            server.start();
            send(promotion);
            await().atMost(PATIENCE).until(() -> outgoing(eventId(promotion)) != null);
        } finally {
            retryIn("0 s", eventId(waitlisting)); // and never holds alice's later mails back
        }

        List<Mail> mails = awaitMails("alice@example.com", booking, 2);
        assertEquals(List.of("<" + eventId(waitlisting) + "@mypage-fn.anticorona>", "<" + eventId(promotion) + "@mypage-fn.anticorona>"),
                mails.stream().map(Mail::messageId).toList(), "the promotion waited for the waitlisting's mail");
    }

    @Test
    void aRecipientTheRelayRefusesForGoodIsGivenUpAndDoesNotHoldBackTheCustomersNextMail() throws IOException {
        LocalMail server = MailServerResource.mail();
        server.stop();
        long vaccine = registeredVaccine("Novavax");
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> waitlisting = waitlisted(booking, Tokens.BOB, vaccine, 2, T0);
        try (RefusingSmtpServer refusing = new RefusingSmtpServer(server.smtpPort())) {
            send(waitlisting);
            awaitSettled(eventId(waitlisting));
        }
        Map<String, Object> refused = InfrastructureResource.row(
                "select status, attempts, last_error from mail_outbox where event_id = ?", eventId(waitlisting));
        assertEquals("UNDELIVERABLE", refused.get("status"));
        assertEquals(1, refused.get("attempts"), "a refusal for good is not retried");
        assertTrue(((String) refused.get("last_error")).contains("5.1.1"), (String) refused.get("last_error"));

        server.start();
        ProducerRecord<String, String> promotion = confirmed(booking, Tokens.BOB, vaccine, true, 3, T0.plusMinutes(1));
        send(promotion);
        List<Mail> mails = awaitMails("bob@example.com", booking, 1);
        assertEquals(List.of("<" + eventId(promotion) + "@mypage-fn.anticorona>"),
                mails.stream().map(Mail::messageId).toList());
    }

    @Test
    void aCustomerWhoTurnedTheMailsOffGetsNone() {
        long vaccine = registeredVaccine("Janssen");
        String name = vaccineName(vaccine);
        UUID booking = UUID.randomUUID();
        putSettings(Tokens.ALICE, "{\"emails\": false, \"language\": null}");
        ProducerRecord<String, String> confirmation = confirmed(booking, Tokens.ALICE, vaccine, false, 2, T0);
        send(confirmation);
        // The notification is on My Page all the same.
        await().atMost(PATIENCE).untilAsserted(() -> asAgent().get("/mypages/alice").then().statusCode(200)
                .body("notifications.findAll { it.message == 'Your booking for " + name + " is confirmed.' }", hasSize(1)));

        // Turned on again: the next notification is mailed, and it is the only mail of this booking.
        putSettings(Tokens.ALICE, "{\"emails\": true, \"language\": null}");
        send(cancelled(booking, Tokens.ALICE, vaccine, "BOOKED", 3, T0.plusMinutes(5)));
        List<Mail> mails = awaitMails("alice@example.com", booking, 1);
        assertEquals(1, mails.size(), () -> "no mail for the notification while mails were off: " + mails);
        assertEquals("Your booking for " + name + " was cancelled.", mails.get(0).subject());
        assertNull(outgoing(eventId(confirmation)), "nothing was queued while mails were off");
    }

    @Test
    void aMailStillQueuedWhenTheCustomerTurnsMailsOffIsNotSent() {
        LocalMail server = MailServerResource.mail();
        server.stop();
        long vaccine = registeredVaccine("Novavax");
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> confirmation = confirmed(booking, Tokens.BOB, vaccine, false, 2, T0);
        sendAndAwaitAFailedSend(confirmation);

        putSettings(Tokens.BOB, "{\"emails\": false, \"language\": null}");
        server.start();
        awaitSettled(eventId(confirmation));
        assertEquals(OutgoingMail.Status.OPTED_OUT, outgoing(eventId(confirmation)).status);
        assertTrue(server.read("bob@example.com").stream().noneMatch(mail -> mail.body().contains(booking.toString())),
                "no mail about the booking once mails were off");
    }

    @Test
    void aBacklogOfMoreThanTwoBatchesIsMailedInFullEachMailOnce() {
        LocalMail server = MailServerResource.mail();
        server.stop();
        long vaccine = registeredVaccine("Sinovac");
        List<String> customers = List.of(Tokens.ALICE, Tokens.BOB, Tokens.CAROL);
        List<UUID> bookings = new ArrayList<>();
        List<ProducerRecord<String, String>> confirmations = new ArrayList<>();
        for (int i = 0; i < 2 * MailSender.BATCH_SIZE + 10; i++) {
            UUID booking = UUID.randomUUID();
            bookings.add(booking);
            confirmations.add(confirmed(booking, customers.get(i % customers.size()), vaccine, false, 2, T0));
        }
        send(confirmations.toArray(ProducerRecord[]::new));
        await().atMost(PATIENCE).until(() -> mailsOfVaccine(vaccine, "%"), queued -> queued == bookings.size());

        server.start();
        await().atMost(PATIENCE).until(() -> mailsOfVaccine(vaccine, "SENT"), sent -> sent == bookings.size());
        Map<UUID, Long> mailsPerBooking = customers.stream()
                .flatMap(customer -> server.read(customer + "@example.com").stream())
                .flatMap(mail -> bookings.stream().filter(booking -> mail.body().contains(booking.toString())))
                .collect(Collectors.groupingBy(booking -> booking, Collectors.counting()));
        assertEquals(bookings.size(), mailsPerBooking.size(), "every booking was mailed");
        assertTrue(mailsPerBooking.values().stream().allMatch(count -> count == 1), () -> "each once: " + mailsPerBooking);
    }

    // --- helpers ---

    /** A vaccine with a name of its own, once mypage-fn has stored it, so the mails can name it. */
    private long registeredVaccine(String brand) {
        long vaccine = newVaccineId();
        send(vaccineRegistered(vaccine, brand + "-" + vaccine));
        await().atMost(PATIENCE).until(() -> InfrastructureResource.row("select name from vaccine_name where vaccine_id = ?", vaccine) != null);
        return vaccine;
    }

    private static String vaccineName(long vaccine) {
        return (String) InfrastructureResource.row("select name from vaccine_name where vaccine_id = ?", vaccine).get("name");
    }

    /** The address's messages about this booking (its reference is in every body), once there are at least n. */
    private List<Mail> awaitMails(String address, UUID booking, int n) {
        List<Mail> mails = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> MailServerResource.mail().read(address).stream()
                        .filter(mail -> mail.body().contains(booking.toString())).toList(), found -> found.size() >= n);
        LOG.infof("Mail delivery: %d ms from producing the events to mail #%d of the booking readable over IMAP",
                Duration.ofNanos(System.nanoTime() - producedAt).toMillis(), n);
        return mails;
    }

    @SafeVarargs
    private void send(ProducerRecord<String, String>... records) {
        producedAt = System.nanoTime();
        events.send(records);
    }

    /** Waits until the sender is done with this event's mail (sent, or given up as undeliverable). */
    private static void awaitSettled(UUID eventId) {
        await().atMost(PATIENCE).until(() -> outgoing(eventId), mail -> mail != null
                && mail.status != OutgoingMail.Status.PENDING);
    }

    /** The mail outbox's row of this event, read over JDBC (the fields the tests look at). */
    private static OutgoingMail outgoing(UUID eventId) {
        Map<String, Object> row = InfrastructureResource.row("select status, attempts, sent_at from mail_outbox where event_id = ?", eventId);
        if (row == null) {
            return null;
        }
        OutgoingMail mail = new OutgoingMail();
        mail.status = OutgoingMail.Status.valueOf((String) row.get("status"));
        mail.attempts = (Integer) row.get("attempts");
        mail.sentAt = row.get("sent_at") == null ? null : ((Timestamp) row.get("sent_at")).toInstant().atOffset(ZoneOffset.UTC);
        return mail;
    }

    /** With the mail server down: sends the event, and waits until its mail was tried and kept for a retry. */
    private void sendAndAwaitAFailedSend(ProducerRecord<String, String> record) {
        send(record);
        await().atMost(PATIENCE).until(() -> outgoing(eventId(record)), mail -> mail != null && mail.attempts >= 1);
    }

    /** Gives the mail of this event its next try after the interval, as a failed send does. */
    private static void retryIn(String interval, UUID eventId) {
        InfrastructureResource.row("update mail_outbox set next_attempt_at = now() + ?::interval where event_id = ?"
                + " returning event_id", interval, eventId);
    }

    /** The mail outbox's rows of this vaccine's notifications whose status is like the pattern. */
    private static long mailsOfVaccine(long vaccine, String status) {
        return (Long) InfrastructureResource.row("""
                select count(*) as n from mail_outbox m join notification n on n.event_id = m.event_id
                where n.vaccine_id = ? and m.status like ?""", vaccine, status).get("n");
    }

    private static void putSettings(String customer, String json) {
        asAgent().contentType("application/json").body(json).put("/mypages/" + customer + "/settings")
                .then().statusCode(200).body("emails", equalTo(json.contains("true")));
    }

    private static UUID eventId(ProducerRecord<String, String> record) {
        return UUID.fromString(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
    }
}
