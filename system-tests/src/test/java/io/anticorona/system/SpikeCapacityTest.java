package io.anticorona.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.MetricsScrape;
import io.restassured.response.Response;

import static io.anticorona.system.BookingSpikeTest.bookings;
import static io.anticorona.system.BookingSpikeTest.count;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A healthy system absorbs a spike instead of shedding it: requests past what runs at once wait their turn, the
 * stock checks of one vaccine leave together, and the breaker stays closed. Nothing here times anything.
 */
@ExtendWith(RunningSystem.class)
class SpikeCapacityTest {

    private static final String BREAKER = "io.anticorona.booking.client.DoseReserver.reserveDoses";

    @Test
    void aSpikeOfClientsThatNeverRetryIsServedWithAtMostOnePercentShedAndTheBreakerClosed() throws Exception {
        long vaccineId = Api.registerVaccine(100);
        Map<String, Integer> answers = bookOnceEach(vaccineId, 1_000, 128);
        System.out.println("SPIKE WITHOUT RETRIES: answers " + answers);
        int shed = answers.entrySet().stream().filter(e -> e.getKey().startsWith("503")).mapToInt(Map.Entry::getValue).sum();
        assertTrue(shed <= 10, "at most 1 % shed: " + answers);
        assertTrue(answers.keySet().stream().noneMatch(a -> a.contains("circuit-open")), answers.toString());
        assertEquals(1.0, MetricsScrape.of(RunningSystem.stack().managementUrl(Function.BOOKING))
                .value("ft_circuitbreaker_state_current", "method=\"" + BREAKER + "\"", "state=\"closed\""),
                "the stock check's breaker is closed");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(bookings(vaccineId), "BOOKED") == 100);
        Api.vaccine(vaccineId).body("reserved", equalTo(100), "available", equalTo(0));
    }

    @Test
    void whileVaccineFnIsSlowButHealthyBookingsQueueAndAreAnsweredNotShed() throws Exception {
        long vaccineId = Api.registerVaccine(40);
        Map<String, Integer> answers = bookWhileSlow("SLOW VACCINE-FN", vaccineId, 40);
        assertEquals(Map.of("201 BOOKED", 40), answers, "every booking waited for the slow stock check and got its dose");
        Api.vaccine(vaccineId).body("reserved", equalTo(40));
    }

    @Test
    void aBatchOfReservationsThatCrossesTheLastDoseBooksExactlyTheDosesLeft() throws Exception {
        long vaccineId = Api.registerVaccine(7);
        Map<String, Integer> answers = bookWhileSlow("BATCH ACROSS THE LAST DOSE", vaccineId, 30);
        assertEquals(Map.of("201 BOOKED", 7, "201 WAITING", 23), answers);
        List<BookingSpikeTest.Row> rows = bookings(vaccineId);
        assertEquals(7, count(rows, "BOOKED"));
        assertEquals(23, count(rows, "WAITING"));
        Api.vaccine(vaccineId).body("stock", equalTo(7), "reserved", equalTo(7), "available", equalTo(0));
    }

    /** Books for {@code customers} new customers at once while the vaccine's row is locked, then lets it go. */
    private static Map<String, Integer> bookWhileSlow(String label, long vaccineId, int customers) throws Exception {
        try (SlowStockCheck slow = SlowStockCheck.of(vaccineId);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < customers; i++) {
                pending.add(clients.submit(() -> Api.book(Api.customer(), vaccineId)));
            }
            slow.holdFor(Duration.ofMillis(1000));
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            for (Future<Response> answer : pending) {
                answers.merge(describe(answer.get()), 1, Integer::sum);
            }
            System.out.println(label + ": answers " + answers);
            return answers;
        }
    }

    /** One booking per customer through a fixed number of connections, never retried. */
    private static Map<String, Integer> bookOnceEach(long vaccineId, int customers, int inFlight) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < inFlight; c++) {
                clients.submit(() -> {
                    while (next.getAndIncrement() < customers) {
                        answers.merge(describe(Api.book(Api.customer(), vaccineId)), 1, Integer::sum);
                    }
                    return null;
                });
            }
        }
        return answers;
    }

    private static String describe(Response answer) {
        return answer.statusCode() == 201
                ? "201 " + answer.jsonPath().getString("status")
                : answer.statusCode() + " " + answer.asString().replaceAll(".*\"type\":\"[^\"]*:([^\"]+)\".*", "$1");
    }

    /**
     * A vaccine-fn that is slow but healthy: the vaccine's row is locked from outside, so each stock check waits for
     * it in PostgreSQL, for less than the stock check's timeout; then the lock is let go.
     */
    private record SlowStockCheck(Connection db) implements AutoCloseable {

        static SlowStockCheck of(long vaccineId) throws Exception {
            Connection db = RunningSystem.database(Function.VACCINE);
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("select 1 from vaccine where id = ? for update")) {
                lock.setLong(1, vaccineId);
                lock.executeQuery().close();
            }
            return new SlowStockCheck(db);
        }

        void holdFor(Duration hold) throws Exception {
            Thread.sleep(hold.toMillis());
            db.rollback();
        }

        @Override
        public void close() throws Exception {
            db.rollback();
            db.close();
        }
    }
}
