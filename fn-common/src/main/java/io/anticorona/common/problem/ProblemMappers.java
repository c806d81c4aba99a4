package io.anticorona.common.problem;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.common.problem.Problem.Violation;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Turns every failure into application/problem+json, so no client ever sees an HTML page or a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailableProblem e) {
        return Response.fromResponse(respond(e.problem()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }

    /** A token that is missing, forged, expired or from another issuer. */
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your role does not allow this call"));
    }

    private static Response unauthenticated() {
        return Response.fromResponse(respond(Problem.of(401, "unauthorized", "Sign-in required",
                "This call needs a valid bearer token from the realm anticorona (missing, expired or not ours)")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"anticorona\"")
                .build();
    }

    @ServerExceptionMapper
    public Response malformedEvent(MalformedEventException e) {
        return respond(Problem.of(400, "malformed-event", "Malformed event", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidBean(ConstraintViolationException e) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return respond(Problem.invalid("The request has invalid fields", violations));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String detail = field.isEmpty() ? "The body is not valid JSON" : "Field '" + field + "' has the wrong type or format";
        List<Violation> violations = field.isEmpty() ? List.of() : List.of(new Violation(field, "wrong type or format"));
        return respond(Problem.invalid(detail, violations));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(Problem.of(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage()));
    }

    /** More requests at once than this function admits: shed at once, the client retries shortly. */
    @ServerExceptionMapper
    public Response overloaded(BulkheadException e) {
        return unavailable(new ServiceUnavailableProblem("overloaded", "Too many requests at once",
                "This service is at capacity right now; nothing was done. Please retry.", 1));
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        if (isDatabaseBusy(e)) {
            LOG.warnf("Database busy, answered 503: %s", e.getMessage());
            return unavailable(new ServiceUnavailableProblem("database-busy", "Database busy",
                    "No database connection was free in time; nothing was done. Please retry.", 1));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error", "An unexpected error occurred; it has been logged"));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The connection pool timed out or the database could not be reached (SQLState class 08). */
    private static boolean isDatabaseBusy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || String.valueOf(sql.getMessage()).contains("acquisition timeout"))) {
                return true;
            }
        }
        return false;
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int lastDot = path.lastIndexOf('.');
        return lastDot < 0 ? path : path.substring(lastDot + 1);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
