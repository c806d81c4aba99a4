package io.anticorona.mypage;

import io.anticorona.devstack.InfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs on a real PostgreSQL, a real Kafka broker and a real mail server. */
@WithTestResource(value = InfrastructureResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "mypage"))
@WithTestResource(value = MailServerResource.class, scope = TestResourceScope.GLOBAL)
public final class MyPageInfrastructure {

    private MyPageInfrastructure() {
    }
}
