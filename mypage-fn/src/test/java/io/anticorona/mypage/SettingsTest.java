package io.anticorona.mypage;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.anticorona.mypage.Events.asAgent;
import static io.anticorona.mypage.Events.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** GET and PUT /mypages/{customerId}/settings: the mail settings, with the page's access rule. */
@QuarkusTest
class SettingsTest {

    @Test
    void aCustomerWhoNeverChoseGetsMailsInTheAccountsLanguage() {
        asAgent().get("/mypages/" + newCustomer() + "/settings").then().statusCode(200).contentType("application/json")
                .body("emails", equalTo(true), "language", nullValue());
    }

    @Test
    void storedSettingsAreReadBack() {
        String customer = newCustomer();
        json(asAgent()).body("{\"emails\": false, \"language\": \"ko\"}").put("/mypages/" + customer + "/settings")
                .then().statusCode(200).body("emails", equalTo(false), "language", equalTo("ko"));
        asAgent().get("/mypages/" + customer + "/settings").then().statusCode(200)
                .body("emails", equalTo(false), "language", equalTo("ko"));
        json(asAgent()).body("{\"emails\": true, \"language\": null}").put("/mypages/" + customer + "/settings")
                .then().statusCode(200);
        asAgent().get("/mypages/" + customer + "/settings").then().statusCode(200)
                .body("emails", equalTo(true), "language", nullValue());
    }

    @Test
    void aBadLanguageOrAMissingChoiceIsABadRequest() {
        String customer = newCustomer();
        json(asAgent()).body("{\"emails\": true, \"language\": \"fr\"}").put("/mypages/" + customer + "/settings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "violations.field", hasItem(endsWith("language")));
        json(asAgent()).body("{\"language\": \"en\"}").put("/mypages/" + customer + "/settings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(endsWith("emails")));
        json(asAgent()).body("{\"emails\": \"yes\"}").put("/mypages/" + customer + "/settings")
                .then().statusCode(400).contentType("application/problem+json");
        json(asAgent()).body("not json").put("/mypages/" + customer + "/settings")
                .then().statusCode(400).contentType("application/problem+json");
        // Nothing was stored by any of them.
        asAgent().get("/mypages/" + customer + "/settings").then().statusCode(200).body("emails", equalTo(true));
    }

    @Test
    void aCustomerChangesTheirOwnSettingsButNotAnothers() {
        json(given().auth().oauth2(Tokens.of(Tokens.CAROL))).body("{\"emails\": true, \"language\": null}")
                .put("/mypages/carol/settings").then().statusCode(200);
        json(given().auth().oauth2(Tokens.of(Tokens.BOB))).body("{\"emails\": false, \"language\": null}")
                .put("/mypages/carol/settings").then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("not-your-page"));
        given().auth().oauth2(Tokens.of(Tokens.BOB)).get("/mypages/carol/settings").then().statusCode(403);
        given().auth().oauth2(Tokens.of(Tokens.NURSE)).get("/mypages/carol/settings").then().statusCode(403);
        given().get("/mypages/carol/settings").then().statusCode(401);
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType("application/json");
    }
}
