package io.anticorona.vaccine;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Contracts;
import io.anticorona.devstack.Contracts.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.reserveAll;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;

/**
 * vaccine-fn's side of the contract with booking-fn: the reservation answers booking-fn relies on are exactly those
 * pinned in devstack's contracts (booking-fn's VaccineFnContractTest checks that it understands them).
 */
@QuarkusTest
class BookingFnContractTest {

    @Test
    void aSoldOutVaccineAnswersWithThePinnedSoldOutProblem() {
        long id = register(uniqueName("Contract"), 0);
        assertAnswers(Contracts.vaccineFn(Contracts.SOLD_OUT), reserve(id, UUID.randomUUID()));
    }

    @Test
    void anUnknownVaccineAnswersWithThePinnedNotFoundProblem() {
        assertAnswers(Contracts.vaccineFn(Contracts.UNKNOWN_VACCINE), reserve(987_654_321L, UUID.randomUUID()));
        assertAnswers(Contracts.vaccineFn(Contracts.UNKNOWN_VACCINE), reserveAll(987_654_321L, List.of(UUID.randomUUID())));
    }

    @Test
    void aBatchAcrossTheLastDoseAnswersWithThePinnedResults() {
        long id = register(uniqueName("Contract"), 1);
        assertAnswers(Contracts.vaccineFn(Contracts.BATCH), reserveAll(id, List.of(UUID.randomUUID(), UUID.randomUUID())));
    }

    private static void assertAnswers(Answer pinned, ValidatableResponse actual) {
        actual.statusCode(pinned.status()).contentType(pinned.contentType());
        pinned.body().forEach((field, value) -> actual.body(field, equalTo(value)));
    }
}
