package io.anticorona.mypage.live;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One notification on the channel: the customer whose booking changed (null: anyone's page that shows the vaccine,
 * for a vaccine's new name) and the vaccine whose waitlist may have moved. {@link #EVERYTHING} is sent to every
 * subscriber at connect and after the listener lost its connection, when any page may have changed unannounced.
 */
@RegisterForReflection
public record PageChange(String customerId, Long vaccineId) {

    public static final PageChange EVERYTHING = new PageChange(null, null);

    boolean everything() {
        return customerId == null && vaccineId == null;
    }
}
