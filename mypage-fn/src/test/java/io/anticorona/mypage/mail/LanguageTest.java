package io.anticorona.mypage.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanguageTest {

    @Test
    void theCustomersChoiceComesFirst() {
        assertEquals(Language.EN, Language.choose("en", "ko"));
        assertEquals(Language.KO, Language.choose("ko", null));
    }

    @Test
    void withoutAChoiceTheAccountsLocaleDecides() {
        assertEquals(Language.KO, Language.choose(null, "ko"));
        assertEquals(Language.KO, Language.choose(null, "ko-KR"));
        assertEquals(Language.KO, Language.choose(" ", "ko_KR"));
        assertEquals(Language.EN, Language.choose(null, "en-GB"));
    }

    @Test
    void otherwiseEnglish() {
        assertEquals(Language.EN, Language.choose(null, null));
        assertEquals(Language.EN, Language.choose(null, "de"));
        assertEquals(Language.EN, Language.choose(null, "not a tag!"));
    }
}
