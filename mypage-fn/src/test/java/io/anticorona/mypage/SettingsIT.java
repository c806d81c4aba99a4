package io.anticorona.mypage;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged artifact (the native executable under -Dnative). */
@QuarkusIntegrationTest
class SettingsIT extends SettingsTest {
}
