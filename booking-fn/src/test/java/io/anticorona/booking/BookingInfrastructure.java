package io.anticorona.booking;

import io.anticorona.devstack.InfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs on a real PostgreSQL and a real Kafka broker. */
@WithTestResource(value = InfrastructureResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "booking"))
public final class BookingInfrastructure {

    private BookingInfrastructure() {
    }
}
