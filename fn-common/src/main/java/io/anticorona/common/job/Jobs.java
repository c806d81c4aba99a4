package io.anticorona.common.job;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.anticorona.common.problem.ProblemException;
import io.quarkus.arc.All;

/** Every job the function's {@link ScheduledJobs} beans declare, run by name when a PingSource asks for it. */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class);

    private final Map<String, Runnable> jobs = new TreeMap<>();

    public Jobs(@All List<ScheduledJobs> declared) {
        for (ScheduledJobs bean : declared) {
            bean.jobs().forEach((name, job) -> {
                if (jobs.putIfAbsent(name, job) != null) {
                    throw new IllegalStateException("Two jobs named " + name);
                }
            });
        }
    }

    public Set<String> names() {
        return jobs.keySet();
    }

    /** Runs the job now, in the caller's thread; an unknown name is the caller's mistake (400). */
    public void run(String name) {
        Runnable job = name == null ? null : jobs.get(name);
        if (job == null) {
            throw new ProblemException(400, "unknown-job", "Unknown job",
                    "No job named '" + name + "' here; the jobs are " + jobs.keySet());
        }
        LOG.debugf("Running job %s", name);
        job.run();
    }
}
