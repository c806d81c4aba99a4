package io.anticorona.common;

import io.anticorona.devstack.InfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** fn-common's tests run a small test application (src/test) on a real PostgreSQL and a real Kafka broker. */
@WithTestResource(value = InfrastructureResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "common"))
public final class CommonInfrastructure {

    private CommonInfrastructure() {
    }
}
