package io.anticorona.common.job;

import java.util.Map;

/**
 * Work a function does on a schedule, by name. Locally (make run) an in-process {@code @Scheduled} method runs it,
 * with the job's name as its identity; in the cluster, where nothing runs at zero replicas, a Knative PingSource
 * posts {@code {"job": "<name>"}} to {@code POST /events} ({@link Jobs}, deploy/40-eventing.yaml). Name each job
 * literally in its method's {@code @Scheduled(identity = "<name>", ...)}: deploy-tests reads the names from there to
 * check that every PingSource names a job its function has.
 */
public interface ScheduledJobs {

    Map<String, Runnable> jobs();
}
