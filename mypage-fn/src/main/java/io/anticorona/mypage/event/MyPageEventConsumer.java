package io.anticorona.mypage.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.mypage.service.BookingChange;
import io.anticorona.mypage.service.BookingStatus;
import io.anticorona.mypage.service.CustomerBooking;
import io.anticorona.mypage.service.MyPageProjection;
import io.anticorona.mypage.service.NotificationKind;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Builds My Page from the vaccine, booking and injection events; each event is applied once (inbox). */
@ApplicationScoped
public class MyPageEventConsumer implements EventHandlers {

    @RegisterForReflection
    record VaccineRegistered(Long vaccineId, String name) {
    }

    /**
     * BookingConfirmed, BookingWaitlisted and BookingCancelled: {@code promoted} only on confirmations,
     * {@code waitlistOrder} only on waitlistings (and not in older ones).
     */
    @RegisterForReflection
    record BookingEvent(UUID bookingId, String customerId, Long vaccineId, boolean promoted, int version,
            OffsetDateTime at, Long waitlistOrder) {
    }

    @RegisterForReflection
    record InjectionCompleted(UUID bookingId, String customerId, Long vaccineId, OffsetDateTime at) {
    }

    private final MyPageProjection projection;
    private final EventDispatcher events;

    public MyPageEventConsumer(MyPageProjection projection, EventDispatcher events) {
        this.projection = projection;
        this.events = events;
    }

    /** One method per channel, so that each topic's batches go on while another's wait out a retry. */
    @Incoming("vaccine-events")
    @Blocking
    public CompletionStage<Void> onVaccineEvents(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    @Incoming("booking-events")
    @Blocking
    public CompletionStage<Void> onBookingEvents(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    @Incoming("injection-events")
    @Blocking
    public CompletionStage<Void> onInjectionEvents(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    /**
     * Each runs in the inbox's transaction, once per event id. Stock changes and abandoned bookings are nothing a
     * customer sees.
     */
    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(
                "VaccineRegistered", EventHandler.onceEach(this::vaccineRegistered),
                "BookingConfirmed", EventHandler.onceEach(event -> booking(event, BookingStatus.BOOKED, null)),
                "BookingWaitlisted", EventHandler.onceEach(event -> booking(event, BookingStatus.WAITING, NotificationKind.WAITLISTED)),
                "BookingCancelled", EventHandler.onceEach(event -> booking(event, BookingStatus.CANCELLED, NotificationKind.CANCELLED)),
                "InjectionCompleted", EventHandler.onceEach(this::injected));
    }

    private void vaccineRegistered(IncomingEvent event) {
        VaccineRegistered registered = event.data(VaccineRegistered.class);
        if (registered.vaccineId() == null || registered.name() == null) {
            throw malformed(event);
        }
        projection.vaccineRegistered(registered.vaccineId(), registered.name());
    }

    private void booking(IncomingEvent event, BookingStatus status, NotificationKind kind) {
        BookingEvent booking = event.data(BookingEvent.class);
        if (booking.bookingId() == null || booking.customerId() == null || booking.vaccineId() == null) {
            throw malformed(event);
        }
        if (kind == null) {
            kind = booking.promoted() ? NotificationKind.PROMOTED : NotificationKind.CONFIRMED;
        }
        projection.bookingChanged(new BookingChange(event.id(), booking.bookingId(), booking.customerId(),
                booking.vaccineId(), status, booking.version(), orNow(booking.at()), kind, booking.waitlistOrder()));
    }

    /**
     * The injection event carries no version: INJECTED is final. An event without customer or vaccine takes them from
     * the stored booking; if that booking is not known yet, the event fails and is retried until it is.
     */
    private void injected(IncomingEvent event) {
        InjectionCompleted injection = event.data(InjectionCompleted.class);
        if (injection.bookingId() == null) {
            throw malformed(event);
        }
        String customerId = injection.customerId();
        Long vaccineId = injection.vaccineId();
        if (customerId == null || vaccineId == null) {
            CustomerBooking stored = projection.booking(injection.bookingId()).orElseThrow(() -> new IllegalStateException(
                    "InjectionCompleted " + event.id() + " names neither customer nor vaccine, and booking "
                            + injection.bookingId() + " is not known yet"));
            customerId = stored.customerId;
            vaccineId = stored.vaccineId;
        }
        projection.bookingChanged(new BookingChange(event.id(), injection.bookingId(), customerId, vaccineId,
                BookingStatus.INJECTED, 0, orNow(injection.at()), NotificationKind.INJECTED, null));
    }

    private static OffsetDateTime orNow(OffsetDateTime at) {
        return at != null ? at : OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static MalformedEventException malformed(IncomingEvent event) {
        return new MalformedEventException("Event " + event.id() + " of type " + event.type() + " lacks a required field");
    }
}
