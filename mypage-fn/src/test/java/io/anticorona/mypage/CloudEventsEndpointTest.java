package io.anticorona.mypage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.anticorona.devstack.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import static io.anticorona.mypage.Events.asAgent;
import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.cancelled;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.newCustomer;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.anticorona.mypage.Events.waitlisted;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** In the knative profile My Page is fed by CloudEvents over HTTP, with the same idempotency and ordering rules. */
@QuarkusTest
@TestProfile(KnativeProfile.class)
class CloudEventsEndpointTest {

    @Test
    void outOfOrderAndDuplicateCloudEventsEndInTheNewestStateWithOneNotificationEach() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> confirmation = confirmed(booking, customer, vaccine, false, 2, T0);
        post(cancelled(booking, customer, vaccine, "BOOKED", 4, T0.plusMinutes(5)));
        post(confirmation);
        post(confirmation);

        JsonPath page = asAgent().get("/mypages/" + customer).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("CANCELLED"), page.getList("bookings.status"));
        assertEquals(2, page.getList("notifications").size());
    }

    @Test
    void aStreamFollowsEventsDeliveredOverHttp() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        try (SseClient stream = SseClient.open("http://localhost:" + io.restassured.RestAssured.port + "/mypages/" + customer
                + "/stream", Tokens.of(Tokens.AGENT))) {
            assertEquals(List.of(), stream.next(java.time.Duration.ofSeconds(20)).getList("bookings"));
            post(waitlisted(booking, customer, vaccine, 5, 2, T0));
            JsonPath page = stream.until(p -> !p.getList("bookings").isEmpty(), java.time.Duration.ofSeconds(20));
            assertEquals("WAITING", page.getString("bookings[0].status"));
            assertEquals(1, page.getInt("bookings[0].waitlistPosition"));
        }
    }

    /** Posts a record the way a KafkaSource delivers it: binary mode, Kafka's ce_ headers become ce- headers. */
    private static void post(ProducerRecord<String, String> record) {
        RequestSpecification request = given().auth().oauth2(Tokens.eventing()).contentType("application/json").header("ce-key", record.key());
        for (Header header : record.headers()) {
            if (header.key().startsWith("ce_")) {
                request.header("ce-" + header.key().substring(3), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        request.body(record.value()).post("/events").then().statusCode(202);
    }
}
