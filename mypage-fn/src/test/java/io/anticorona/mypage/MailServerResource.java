package io.anticorona.mypage;

import java.util.HashMap;
import java.util.Map;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.LocalMail;
import io.anticorona.devstack.Stack;
import io.anticorona.devstack.TestKeycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real mail server (devstack's GreenMail: SMTP and IMAP on free ports) for this module's tests, and mypage-fn's mail
 * settings pointing at it and at the test run's Keycloak (for each customer's address and locale).
 */
public class MailServerResource implements QuarkusTestResourceLifecycleManager {

    private static LocalMail mail;

    @Override
    public Map<String, String> start() {
        mail = LocalMail.start(InfrastructureResource.freePort(), InfrastructureResource.freePort());
        return new HashMap<>(Stack.mailProperties(mail, TestKeycloak.handle(TestKeycloak.projectRoot())));
    }

    /** The running test's mail server, for tests that read mailboxes or stop and restart it. */
    public static LocalMail mail() {
        return mail;
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
    }
}
