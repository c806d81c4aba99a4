package io.anticorona.common.problem;

/** The request could not be served now; the client should retry after the given delay. */
public class ServiceUnavailableProblem extends ProblemException {

    private final long retryAfterSeconds;

    public ServiceUnavailableProblem(String slug, String title, String detail, long retryAfterSeconds) {
        super(503, slug, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
