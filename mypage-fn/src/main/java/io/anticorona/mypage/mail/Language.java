package io.anticorona.mypage.mail;

import java.util.Locale;

/** The languages a mail is written in. */
public enum Language {
    EN,
    KO;

    /**
     * The customer's choice on My Page if they made one, else their Keycloak account's {@code locale} attribute (as
     * Keycloak writes it: {@code ko}, or a tag such as {@code ko-KR}), else English.
     */
    public static Language choose(String chosen, String accountLocale) {
        Language language = of(chosen);
        if (language == null) {
            language = of(accountLocale);
        }
        return language != null ? language : EN;
    }

    /** The language of a code or a language tag, or null for none we write in. */
    static Language of(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return switch (Locale.forLanguageTag(code.strip().replace('_', '-')).getLanguage()) {
            case "en" -> EN;
            case "ko" -> KO;
            default -> null;
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
