package io.anticorona.mypage.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.mypage.service.BookingChange;
import io.anticorona.mypage.service.BookingStatus;
import io.anticorona.mypage.service.CustomerBooking;
import io.anticorona.mypage.service.MyPageProjection;
import io.anticorona.mypage.service.NotificationKind;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Builds My Page from the vaccine, booking and injection events; each event is applied once (inbox). */
@ApplicationScoped
public class MyPageEventConsumer {

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
    private final Inbox inbox;

    public MyPageEventConsumer(MyPageProjection projection, Inbox inbox) {
        this.projection = projection;
        this.inbox = inbox;
    }

    @Incoming("vaccine-events")
    @Incoming("booking-events")
    @Incoming("injection-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onEvent(Message<String> message) {
        return inbox.consume(message, this::apply);
    }

    /** Runs in the inbox's transaction, once per event id. */
    void apply(IncomingEvent event) {
        switch (event.type()) {
            case "VaccineRegistered" -> {
                VaccineRegistered registered = event.data(VaccineRegistered.class);
                if (registered.vaccineId() == null || registered.name() == null) {
                    throw malformed(event);
                }
                projection.vaccineRegistered(registered.vaccineId(), registered.name());
            }
            case "BookingConfirmed" -> booking(event, BookingStatus.BOOKED, null);
            case "BookingWaitlisted" -> booking(event, BookingStatus.WAITING, NotificationKind.WAITLISTED);
            case "BookingCancelled" -> booking(event, BookingStatus.CANCELLED, NotificationKind.CANCELLED);
            case "InjectionCompleted" -> injected(event);
            default -> {
                // Stock changes and abandoned bookings are nothing a customer sees.
            }
        }
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
