package io.anticorona.mypage.live;

import org.hibernate.query.NativeQuery;

import io.anticorona.mypage.service.CustomerBooking;

/**
 * The PostgreSQL channel that tells every mypage-fn instance that a page may have changed. The projection announces
 * inside its transaction, so PostgreSQL delivers the notification only if the change commits, and collapses repeats
 * of one transaction into one. {@link ChangeListener} listens on it.
 */
public final class MyPageChanges {

    static final String CHANNEL = "mypage_changed";

    /** Payload {"customerId": "...", "vaccineId": n}; a null customerId means everyone with that vaccine on their page. */
    private static final String ANNOUNCE = "select " + announcement("?1", "?2");

    private MyPageChanges() {
    }

    /**
     * The announcement as an SQL expression of two parameters, for a statement that does more: the customer's id (text,
     * may be null) and the vaccine's.
     */
    public static String announcement(String customerParameter, String vaccineParameter) {
        return """
                cast(pg_notify('%s', json_build_object('customerId', cast(%s as text),
                                                       'vaccineId', cast(%s as bigint))::text) as text)"""
                .formatted(CHANNEL, customerParameter, vaccineParameter);
    }

    /** Runs in the caller's transaction. */
    public static void announce(String customerId, long vaccineId) {
        NativeQuery<?> announce = CustomerBooking.getEntityManager().createNativeQuery(ANNOUNCE).unwrap(NativeQuery.class);
        announce.setParameter(1, customerId, String.class).setParameter(2, vaccineId, Long.class).getSingleResult();
    }
}
