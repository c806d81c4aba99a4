package io.anticorona.mypage.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reads and stores a customer's mail settings; the same people as for the page ({@link PageAccess}). */
@ApplicationScoped
@Transactional
public class SettingsService {

    /** One statement, so two first saves at once cannot collide on the key. */
    private static final String UPSERT = """
            insert into customer_settings (customer_id, emails, language) values (?1, ?2, ?3)
            on conflict (customer_id) do update set emails = excluded.emails, language = excluded.language""";

    private final PageAccess access;

    public SettingsService(PageAccess access) {
        this.access = access;
    }

    public Settings of(String customerId) {
        access.check(customerId);
        CustomerSettings stored = CustomerSettings.findById(customerId);
        return stored == null ? Settings.DEFAULTS : new Settings(stored.emails, stored.language);
    }

    public Settings store(String customerId, Settings settings) {
        access.check(customerId);
        CustomerSettings.getEntityManager().createNativeQuery(UPSERT)
                .setParameter(1, customerId)
                .setParameter(2, settings.emails())
                .setParameter(3, settings.language())
                .executeUpdate();
        return settings;
    }
}
