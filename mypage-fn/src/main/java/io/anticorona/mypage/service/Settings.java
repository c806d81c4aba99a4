package io.anticorona.mypage.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A customer's choices for the notification mails, as the API shows them. */
public record Settings(
        @NotNull(message = "must be true or false") Boolean emails,
        @Pattern(regexp = "en|ko", message = "must be en, ko or null (not chosen)") String language) {

    /** A customer who never chose: mails on, in their account's language. */
    public static final Settings DEFAULTS = new Settings(true, null);
}
