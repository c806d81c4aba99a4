package io.anticorona.vaccine.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.anticorona.vaccine.service.Reservation.Status;

/**
 * The stock rule for a batch of bookings of one vaccine: in the order they arrived, each new booking takes a dose
 * while one is available ({@code stock - reserved >= 1}), the rest are sold out. A booking that already holds its
 * dose keeps it, one whose dose was released or that holds another vaccine's dose is refused, and a booking named
 * twice gets one answer. Pure: {@link VaccineService#reserveAll} reads the inputs under the vaccine's row lock.
 */
public record DoseAllocation(Map<UUID, String> results, List<UUID> granted) {

    public static final String RESERVED = "reserved";
    public static final String SOLD_OUT = "sold-out";
    public static final String RELEASED = "reservation-released";
    public static final String MISMATCH = "reservation-mismatch";

    /** What an earlier reservation of a booking looks like, as stored. */
    public record Earlier(long vaccineId, Status status) {
    }

    public static DoseAllocation of(long vaccineId, long available, List<UUID> bookingIds, Map<UUID, Earlier> earlier) {
        Map<UUID, String> results = new LinkedHashMap<>();
        List<UUID> granted = new ArrayList<>();
        for (UUID bookingId : bookingIds) {
            if (results.containsKey(bookingId)) {
                continue;
            }
            Earlier before = earlier.get(bookingId);
            if (before != null) {
                results.put(bookingId, again(vaccineId, before));
            } else if (granted.size() < available) {
                granted.add(bookingId);
                results.put(bookingId, RESERVED);
            } else {
                results.put(bookingId, SOLD_OUT);
            }
        }
        return new DoseAllocation(results, granted);
    }

    private static String again(long vaccineId, Earlier before) {
        if (before.vaccineId() != vaccineId) {
            return MISMATCH;
        }
        return before.status() == Status.RELEASED ? RELEASED : RESERVED;
    }
}
