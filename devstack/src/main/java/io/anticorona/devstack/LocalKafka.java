package io.anticorona.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** A real single-node KRaft Kafka broker, in this JVM; it can be stopped and started again on the same port. */
public final class LocalKafka implements AutoCloseable {

    public static final List<String> TOPICS = List.of("vaccine-events", "booking-events", "injection-events");
    private static final String CLUSTER_ID = "MkU3OEVBNTcwNTJENDM2Qg";

    private final int port;
    private final int controllerPort;
    private final Path logDirectory;
    private EmbeddedKafkaBroker broker;

    private LocalKafka(int port, int controllerPort, Path logDirectory) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDirectory = logDirectory;
    }

    /** Starts a broker whose log lives in the given directory, so that a restart keeps every record. */
    public static LocalKafka start(int port, int controllerPort, Path logDirectory) {
        LocalKafka kafka = new LocalKafka(port, controllerPort, logDirectory);
        kafka.start();
        kafka.createTopics(TOPICS);
        return kafka;
    }

    public synchronized void start() {
        if (broker != null) {
            return;
        }
        broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withClusterId(CLUSTER_ID)
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(properties -> {
                    properties.put("log.dir", logDirectory.toString());
                    properties.put("num.partitions", "3");
                    properties.put("auto.create.topics.enable", "true");
                })
                .start();
    }

    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public void createTopics(List<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Topic " + name + " could not be created", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
