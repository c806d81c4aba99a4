package io.anticorona.booking.service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.anticorona.booking.client.ReservationOutcome;
import io.anticorona.booking.client.ReservationBatcher;
import io.anticorona.booking.config.BookingConfig;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.problem.ServiceUnavailableProblem;

/**
 * Books in three steps: open a PENDING booking (one transaction), ask vaccine-fn for a dose (no transaction held),
 * then settle it as BOOKED or WAITING with its event (a second transaction). A failed stock check abandons the
 * booking, so nothing is left half-made.
 */
@ApplicationScoped
public class BookingService {

    /** What to send back: a fresh answer, or the first answer to an Idempotency-Key. */
    public record Reply(int status, UUID bookingId, String body, boolean replayed) {
    }

    private final BookingLedger ledger;
    private final ReservationBatcher reservations;
    private final BookingConfig config;
    private final BookingAccess access;
    private final ObjectMapper json;
    private final BookingMetrics metrics;
    private final BookingAdmission admission;

    public BookingService(BookingLedger ledger, ReservationBatcher reservations, BookingConfig config, BookingAccess access,
            ObjectMapper json, BookingMetrics metrics, BookingAdmission admission) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.config = config;
        this.access = access;
        this.json = json;
        this.metrics = metrics;
        this.admission = admission;
    }

    /**
     * Books once admitted ({@link BookingAdmission}): a spike waits its turn in a bounded queue, and only what could
     * not be served within the wait budget is shed with 503 and an honest Retry-After.
     */
    public Reply book(String requestedCustomerId, long vaccineId, String idempotencyKey) {
        String customerId = access.customerFor(requestedCustomerId);
        return admission.admit(() -> bookAdmitted(customerId, vaccineId, idempotencyKey));
    }

    private Reply bookAdmitted(String customerId, long vaccineId, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<IdempotencyRecord> earlier = ledger.idempotencyRecord(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), customerId, vaccineId);
            }
        }
        Optional<BookingLedger.Opened> opened = ledger.open(customerId, vaccineId, idempotencyKey);
        if (opened.isEmpty()) {
            return replay(ledger.idempotencyRecord(idempotencyKey).orElseThrow(BookingService::inProgress), customerId, vaccineId);
        }
        Booking booking = settle(opened.get());
        metrics.booked(booking.status);
        String body = toJson(booking);
        if (idempotencyKey != null) {
            ledger.remember(idempotencyKey, 201, body);
        }
        return new Reply(201, booking.id, body, false);
    }

    public Booking cancel(UUID id) {
        return ledger.cancel(id, access.ownerFilter());
    }

    public Booking get(UUID id) {
        return ledger.get(id, access.ownerFilter());
    }

    public List<Booking> ofCustomer(String requestedCustomerId) {
        return ledger.ofCustomer(access.customerFor(requestedCustomerId));
    }

    /** For vaccine admins and booking agents (the resource checks the role): the length of every waitlist. */
    public List<Waitlist> waitlists() {
        return ledger.waitlists();
    }

    /** A newcomer queues behind customers already waiting for the vaccine, so the waitlist stays first come first served. */
    private Booking settle(BookingLedger.Opened pending) {
        ReservationOutcome outcome;
        try {
            outcome = FirstComeFirstServed.reserveUnlessOthersWait(pending.othersWaiting(),
                    () -> reservations.reserveDose(pending.vaccineId(), pending.id()));
        } catch (ProblemException unknownVaccine) {
            ledger.abandon(pending.id(), false);
            throw unknownVaccine;
        } catch (RuntimeException e) {
            ledger.abandon(pending.id(), true);
            throw e;
        }
        if (outcome.failed()) {
            ledger.abandon(pending.id(), outcome == ReservationOutcome.UNAVAILABLE);
            throw unavailable(outcome);
        }
        try {
            return outcome == ReservationOutcome.RESERVED ? ledger.confirm(pending.id(), false) : ledger.waitlist(pending.id());
        } catch (RuntimeException e) {
            abandonQuietly(pending.id());
            throw e;
        }
    }

    /** Best effort after a failed settle; what fails here, {@link PendingBookingSweeper} finishes later. */
    private void abandonQuietly(UUID id) {
        try {
            ledger.abandon(id, true);
        } catch (RuntimeException ignored) {
            // the sweeper abandons stale PENDING bookings
        }
    }

    private ServiceUnavailableProblem unavailable(ReservationOutcome outcome) {
        return switch (outcome) {
            case CIRCUIT_OPEN -> new ServiceUnavailableProblem("stock-check-circuit-open", "Stock check unavailable",
                    "The stock check is failing, so bookings are paused briefly; nothing was booked. Please retry.",
                    config.retryAfterCircuitOpen().toSeconds());
            default -> new ServiceUnavailableProblem("stock-check-unavailable", "Stock check unavailable",
                    "The stock check did not answer in time; nothing was booked. Please retry.",
                    config.retryAfter().toSeconds());
        };
    }

    private Reply replay(IdempotencyRecord record, String customerId, long vaccineId) {
        if (!record.customerId.equals(customerId) || record.vaccineId != vaccineId) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was first used for another request");
        }
        if (!record.answered()) {
            throw inProgress();
        }
        return new Reply(record.responseStatus, record.bookingId, record.responseBody, true);
    }

    private static ProblemException inProgress() {
        return ProblemException.conflict("request-in-progress", "Request in progress",
                "The first request with this Idempotency-Key is still running; retry shortly");
    }

    private String toJson(Booking booking) {
        try {
            return json.writeValueAsString(booking);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
