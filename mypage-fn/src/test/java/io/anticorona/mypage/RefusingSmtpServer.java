package io.anticorona.mypage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mail relay that refuses every recipient for good ({@code 550 5.1.1}), as a real relay does for an address that
 * does not exist. GreenMail accepts any recipient, so a test of that refusal needs this stand-in on the mail port.
 */
final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    /** Closed with the server, so that no pooled connection of the mailer outlives it. */
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    RefusingSmtpServer(int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofVirtual().name("refusing-smtp").start(this::accept);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                clients.add(client);
                Thread.ofVirtual().start(() -> converse(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void converse(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 refusing ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-refusing\r\n250 ENHANCEDSTATUSCODES");
                    case "RCPT" -> reply(out, "550 5.1.1 " + line.substring(line.indexOf('<')) + ": User unknown");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "250 2.0.0 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
