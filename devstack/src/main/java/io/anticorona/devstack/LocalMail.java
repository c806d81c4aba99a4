package io.anticorona.devstack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real mail server on this machine (GreenMail, in-process): SMTP for mypage-fn to send to, IMAP for people and tests
 * to read with. Authentication is off, so every address gets a mailbox when its first message arrives, readable over
 * IMAP with login and password both the address (the contract). Mail lives in memory: a stop empties every mailbox.
 */
public final class LocalMail implements AutoCloseable {

    public static final int SMTP_PORT = 3025;
    public static final int IMAP_PORT = 3143;

    /** One message as a mail client shows it. */
    public record Mail(String messageId, List<String> from, List<String> to, String subject, String body) {
    }

    private final int smtpPort;
    private final int imapPort;
    private GreenMail server;

    private LocalMail(int smtpPort, int imapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** A server on these ports, not started yet (for tests of a mail server that is down at first). */
    public static LocalMail on(int smtpPort, int imapPort) {
        return new LocalMail(smtpPort, imapPort);
    }

    public static LocalMail start(int smtpPort, int imapPort) {
        return on(smtpPort, imapPort).start();
    }

    public synchronized LocalMail start() {
        if (server == null) {
            server = new GreenMail(new ServerSetup[] {
                    new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP) })
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            server.start();
        }
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** The messages in an address's inbox, oldest first, read over IMAP as any mail client would. */
    public List<Mail> read(String address) {
        Properties properties = new Properties();
        properties.put("mail.imap.host", "127.0.0.1");
        properties.put("mail.imap.port", String.valueOf(imapPort));
        properties.put("mail.imap.connectiontimeout", "2000");
        properties.put("mail.imap.timeout", "5000");
        try (Store store = Session.getInstance(properties).getStore("imap")) {
            store.connect(address, address);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<Mail> mails = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    mails.add(new Mail(message.getHeader("Message-ID") == null ? null : message.getHeader("Message-ID")[0],
                            addresses(message.getFrom()), addresses(message.getRecipients(Message.RecipientType.TO)),
                            message.getSubject(), text(message)));
                }
                return mails;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read the mailbox of " + address + " on IMAP port " + imapPort, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : java.util.Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(text(multipart.getBodyPart(i)));
            }
            return text.toString();
        }
        return "";
    }
}
