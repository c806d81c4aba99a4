package io.anticorona.mypage.mail;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.mypage.service.NotificationKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailTextTest {

    private static final UUID BOOKING = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void theEnglishSubjectIsMyPagesMessage() {
        for (NotificationKind kind : NotificationKind.values()) {
            MailText text = MailText.of(Language.EN, kind, "Alice", "Pfizer", 1, BOOKING);
            assertEquals(kind.message("Pfizer", 1), text.subject());
            assertTrue(text.body().startsWith("Hello Alice,") && text.body().contains(text.subject())
                    && text.body().contains(BOOKING.toString()), text.body());
        }
    }

    @Test
    void koreanNamesTheVaccineOrItsIdWhileTheNameIsUnknown() {
        assertEquals("Pfizer 접종 예약이 확정되었습니다.",
                MailText.of(Language.KO, NotificationKind.CONFIRMED, "Carol", "Pfizer", 1, BOOKING).subject());
        MailText unnamed = MailText.of(Language.KO, NotificationKind.INJECTED, "Carol", null, 7, BOOKING);
        assertEquals("백신 #7 접종이 완료되었습니다.", unnamed.subject());
        assertTrue(unnamed.body().startsWith("Carol 님, 안녕하세요.") && unnamed.body().contains(BOOKING.toString()));
    }
}
