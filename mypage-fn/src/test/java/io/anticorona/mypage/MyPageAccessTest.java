package io.anticorona.mypage;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** A customer reads only their own My Page, a booking agent anyone's; mypage-fn checks the token itself. */
@QuarkusTest
class MyPageAccessTest {

    @Test
    void aCustomerReadsTheirOwnPageButNotAnothers() {
        UUID booking = UUID.randomUUID();
        try (Events events = new Events()) {
            events.send(confirmed(booking, Tokens.CAROL, newVaccineId(), false, 1, T0));
        }
        // carol has the bookings of other tests too (MailTest mails her), so look for this one.
        await().untilAsserted(() -> given().auth().oauth2(Tokens.of(Tokens.CAROL)).get("/mypages/carol")
                .then().statusCode(200).body("customerId", equalTo("carol"), "bookings.bookingId", hasItem(booking.toString())));
        given().auth().oauth2(Tokens.of(Tokens.BOB)).get("/mypages/carol")
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("not-your-page"));
    }

    @Test
    void anAgentReadsAnyonesPage() {
        given().auth().oauth2(Tokens.of(Tokens.AGENT)).get("/mypages/someone-at-the-desk").then().statusCode(200);
    }

    @Test
    void staffWithoutTheRightRoleAndCallersWithoutATokenAreRefused() {
        given().auth().oauth2(Tokens.of(Tokens.NURSE)).get("/mypages/carol").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/mypages/carol").then().statusCode(401).contentType("application/problem+json");
    }
}
