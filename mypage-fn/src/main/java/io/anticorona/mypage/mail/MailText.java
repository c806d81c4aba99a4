package io.anticorona.mypage.mail;

import java.util.UUID;

import io.anticorona.mypage.service.NotificationKind;

/**
 * A notification as a mail: the subject is the notification itself (in English, exactly My Page's message), and the
 * body says it again with the booking's reference and how to turn the mails off. Every kind must have its Korean
 * wording here: the switch does not compile without it.
 */
public record MailText(String subject, String body) {

    /**
     * @param name         how the customer is greeted (first name, else username)
     * @param vaccineName  null while the vaccine's name is not known yet: it is then named by its id
     */
    public static MailText of(Language language, NotificationKind kind, String name, String vaccineName, long vaccineId,
            UUID bookingId) {
        return switch (language) {
            case EN -> english(kind, name, vaccineName, vaccineId, bookingId);
            case KO -> korean(kind, name, vaccineName, vaccineId, bookingId);
        };
    }

    private static MailText english(NotificationKind kind, String name, String vaccineName, long vaccineId,
            UUID bookingId) {
        String message = kind.message(vaccineName, vaccineId);
        return new MailText(message, """
                Hello %s,

                %s

                Booking reference: %s
                My Page shows all your bookings and notifications.

                You get these emails because they are turned on in your My Page settings; you can turn them off there.
                -- anticorona, the vaccination notifier
                """.formatted(name, message, bookingId));
    }

    private static MailText korean(NotificationKind kind, String name, String vaccineName, long vaccineId,
            UUID bookingId) {
        String vaccine = vaccineName != null ? vaccineName : "백신 #" + vaccineId;
        String message = switch (kind) {
            case CONFIRMED -> "%s 접종 예약이 확정되었습니다.";
            case PROMOTED -> "%s 백신에 여유분이 생겨 대기자 명단에서 예약이 확정되었습니다.";
            case WAITLISTED -> "%s 접종 대기자 명단에 등록되었습니다.";
            case CANCELLED -> "%s 접종 예약이 취소되었습니다.";
            case INJECTED -> "%s 접종이 완료되었습니다.";
        };
        message = message.formatted(vaccine);
        return new MailText(message, """
                %s 님, 안녕하세요.

                %s

                예약 번호: %s
                모든 예약과 알림은 마이페이지에서 확인하실 수 있습니다.

                마이페이지 설정에서 이메일 알림을 켜 두셔서 이 메일을 보내 드렸습니다. 설정에서 언제든지 끌 수 있습니다.
                -- anticorona 백신 접종 알리미
                """.formatted(name, message, bookingId));
    }
}
