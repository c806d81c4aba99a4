package io.anticorona.common.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, sent as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:anticorona:problem:";

    @RegisterForReflection
    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, List.of());
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem(TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail, violations);
    }
}
