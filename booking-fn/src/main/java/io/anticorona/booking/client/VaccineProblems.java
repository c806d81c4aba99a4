package io.anticorona.booking.client;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;

import io.anticorona.common.problem.Problem;

/**
 * Reads vaccine-fn's answers by their problem type (application/problem+json, {@code type}), not by their text: an
 * unknown vaccine is an answer the caller expects, so it gets an exception of its own (sold out is a result inside
 * the batch's answer, not a problem). Any other error
 * stays a {@link jakarta.ws.rs.WebApplicationException} (the default mapper), which counts as a failure. The shapes
 * are pinned by a contract test on each side (devstack's contracts/vaccine-fn/*.json).
 */
public class VaccineProblems implements ResponseExceptionMapper<RuntimeException> {

    static final String NOT_FOUND = Problem.of(404, "not-found", null, null).type();

    /** vaccine-fn knows no vaccine with that id. */
    public static class UnknownVaccine extends RuntimeException {
        UnknownVaccine() {
            super("unknown vaccine", null, false, false);
        }
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 404;
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        String type = problemType(response);
        if (response.getStatus() == 404 && NOT_FOUND.equals(type)) {
            return new UnknownVaccine();
        }
        return null; // not ours: the default mapper turns it into a WebApplicationException
    }

    private static String problemType(Response response) {
        MediaType mediaType = response.getMediaType();
        if (mediaType == null || !Problem.MEDIA_TYPE.equals(mediaType.getType() + "/" + mediaType.getSubtype())) {
            return null;
        }
        try {
            JsonNode body = response.readEntity(JsonNode.class);
            return body != null && body.path("type").isTextual() ? body.path("type").asText() : null;
        } catch (RuntimeException unreadable) {
            return null; // not a problem document after all: the default mapper reports the status
        }
    }

    /** Before the default mapper (priority 5000), which would turn every error into a WebApplicationException. */
    @Override
    public int getPriority() {
        return 100;
    }
}
