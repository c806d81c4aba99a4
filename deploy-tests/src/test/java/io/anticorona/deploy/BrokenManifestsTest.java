package io.anticorona.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The validation catches what it claims to: each case breaks one real manifest in one way (in memory; the files are
 * not touched) and expects the schema check or the consistency check to reject it with the right message.
 */
class BrokenManifestsTest {

    private static final Project PROJECT = Project.fromSystemProperty();

    /** The files with every occurrence of {@code from} in {@code file} replaced; there must be one at least. */
    private static Map<String, String> broken(String file, String from, String to) {
        Map<String, String> files = new TreeMap<>(DeployManifestsTest.files());
        String content = files.get(file);
        assertTrue(content != null && content.contains(unescape(from)), () -> file + " does not contain " + from);
        files.put(file, content.replace(unescape(from), unescape(to)));
        return files;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a misspelt KafkaSource field         | deploy/40-eventing.yaml            | consumerGroup: anticorona-vaccine-fn | consumerGrup: anticorona-vaccine-fn | consumerGrup
            a misspelt Knative probe field       | deploy/generated/vaccine-fn.yml    | livenessProbe:                       | livenesProbe:                       | livenesProbe
            a misspelt Strimzi Kafka field       | deploy/10-kafka.yaml               | listeners:                           | listener:                           | listener
            a misspelt CloudNativePG field       | deploy/20-databases.yaml           | enableSuperuserAccess: false         | enableSuperUserAccess: false        | enableSuperUserAccess
            a number where a string belongs      | deploy/30-config.yaml              | QUARKUS_DATASOURCE_JDBC_MAX_SIZE: "30" | QUARKUS_DATASOURCE_JDBC_MAX_SIZE: 30 | QUARKUS_DATASOURCE_JDBC_MAX_SIZE
            a CNPG parameter that is no string   | deploy/20-databases.yaml           | max_connections: "350"               | max_connections: 350                | max_connections
            a string where a number belongs      | deploy/10-kafka.yaml               | partitions: 6                        | partitions: "6"                     | partitions
            a key given twice                    | deploy/30-config.yaml              | KAFKA_BOOTSTRAP_SERVERS:             | KAFKA_BOOTSTRAP_SERVERS: x\\n  KAFKA_BOOTSTRAP_SERVERS: | KAFKA_BOOTSTRAP_SERVERS
            a kind no schema knows               | deploy/31-shipments-volume.yaml    | kind: PersistentVolumeClaim          | kind: PersistentVolumeClam          | PersistentVolumeClam
            an unknown Strimzi API version       | deploy/10-kafka.yaml               | apiVersion: kafka.strimzi.io/v1\\nkind: KafkaNodePool | apiVersion: kafka.strimzi.io/v1beta9\\nkind: KafkaNodePool | v1beta9
            a node pool role that does not exist | deploy/10-kafka.yaml               | - broker                             | - brokers                           | brokers
            """)
    void aManifestThatDoesNotFitItsSchemaFails(String what, String file, String from, String to, String mentioned) {
        Manifests.InvalidManifestException e = assertThrows(Manifests.InvalidManifestException.class,
                () -> Manifests.parse(broken(file, from, to)));
        assertTrue(e.getMessage().contains(mentioned), () -> what + ": the message should name " + mentioned
                + ", was: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a function that does not scale to zero     | deploy/generated/booking-fn.yml  | autoscaling.knative.dev/min-scale: "0"            | autoscaling.knative.dev/min-scale: "1"             | must scale to zero
            more connections than PostgreSQL allows    | deploy/30-config.yaml            | QUARKUS_DATASOURCE_JDBC_MAX_SIZE: "30"            | QUARKUS_DATASOURCE_JDBC_MAX_SIZE: "40"             | more than vaccine-db allows
            a max-scale the database cannot serve      | deploy/generated/mypage-fn.yml   | autoscaling.knative.dev/max-scale: "5"            | autoscaling.knative.dev/max-scale: "50"            | more than mypage-db allows
            a KafkaSource missing a topic              | deploy/40-eventing.yaml          | - vaccine-events\\n    - booking-events\\n    - injection-events | - vaccine-events\\n    - booking-events | but the function consumes
            a KafkaSource not delivering to /events    | deploy/40-eventing.yaml          | uri: /events                                      | uri: /event                                        | must deliver to the function's /events
            a KafkaSource without dead letters         | deploy/40-eventing.yaml          | deadLetterSink:\\n      ref:\\n        apiVersion: eventing.knative.dev/v1alpha1\\n        kind: KafkaSink | deadLetterSink:\\n      ref:\\n        apiVersion: eventing.knative.dev/v1alpha1\\n        kind: Broker | is not a KafkaSink
            a KafkaSource delivering out of order      | deploy/40-eventing.yaml          | ordering: ordered                                 | ordering: unordered                                | ordering must be ordered
            a topic with no KafkaTopic                 | deploy/10-kafka.yaml             | name: injection-events                            | name: injection-event                              | topic injection-events is used but has no KafkaTopic
            a PingSource calling the wrong path        | deploy/40-eventing.yaml          | uri: /vaccines/imports/inbox                      | uri: /vaccines/imports                             | expected one PingSource calling vaccine-fn's /vaccines/imports/inbox
            a probe on the wrong path                  | deploy/generated/vaccine-fn.yml  | path: /q/health/ready                             | path: /q/health                                    | checks /q/health, not /q/health/ready
            JVM options other than jvm.options         | deploy/generated/booking-fn.yml  | -Xmx64m                                           | -Xmx256m                                           | but jvm.options says
            a probe on another port                    | deploy/generated/injection-fn.yml | port: null                                       | port: 8084                                         | is not the container port
            an exec probe                              | deploy/generated/mypage-fn.yml   | httpGet:\\n              path: /q/health/live\\n              port: null\\n              scheme: HTTP | exec:\\n              command: [\"true\"] | is not httpGet
            a readiness probe Knative rejects          | deploy/generated/booking-fn.yml  | failureThreshold: 0                               | failureThreshold: 3                                | must leave timeoutSeconds and failureThreshold unset
            a hard-coded JDBC URL in a Service         | deploy/generated/booking-fn.yml  | value: knative                                    | value: knative\\n            - name: QUARKUS_DATASOURCE_JDBC_URL\\n              value: jdbc:postgresql://localhost:5432/booking | hard-codes an address
            a password written into a Service          | deploy/generated/vaccine-fn.yml  | value: knative                                    | value: knative\\n            - name: QUARKUS_DATASOURCE_PASSWORD_FALLBACK\\n              value: hunter2 | it must come from a Secret
            a password taken from a ConfigMap          | deploy/generated/injection-fn.yml | secretKeyRef:\\n                  key: password | configMapKeyRef:\\n                  key: password | must come from a Secret (secretKeyRef)
            a real password committed                  | deploy/21-database-secrets.yaml  | password: CHANGE_ME-vaccine-db-password           | password: s3cr3t-Passw0rd                          | not a CHANGE_ME placeholder
            a credential in a ConfigMap                | deploy/30-config.yaml            | ANTICORONA_IMPORTS_INBOX: "/deployments/shipments/inbox" | ANTICORONA_IMPORTS_INBOX: "/deployments/shipments/inbox"\\n  SMTP_PASSWORD: "x" | looks like a credential
            a JDBC URL to another function's database  | deploy/30-config.yaml            | vaccine-db-rw.anticorona.svc:5432/vaccine         | booking-db-rw.anticorona.svc:5432/booking          | is not vaccine-db-rw
            a wrong Kafka bootstrap address            | deploy/30-config.yaml            | KAFKA_BOOTSTRAP_SERVERS: "anticorona-kafka-bootstrap.anticorona.svc:9092" | KAFKA_BOOTSTRAP_SERVERS: "localhost:9092" | KAFKA_BOOTSTRAP_SERVERS is localhost:9092
            a gateway URL without its port             | deploy/30-config.yaml            | vaccine-fn.anticorona.svc.cluster.local:80        | vaccine-fn.anticorona.svc.cluster.local            | GATEWAY_SERVICES_VACCINE_FN is
            a route the gateway cannot reach           | deploy/30-config.yaml            | GATEWAY_SERVICES_MYPAGE_FN                        | GATEWAY_SERVICES_MY_PAGE_FN                        | but the gateway's ConfigMap has no GATEWAY_SERVICES_MYPAGE_FN
            the stock check pointed elsewhere          | deploy/30-config.yaml            | QUARKUS_REST_CLIENT_VACCINE_FN_URL: "http://vaccine-fn.anticorona.svc.cluster.local" | QUARKUS_REST_CLIENT_VACCINE_FN_URL: "http://localhost:8081" | the stock check's URL
            a public function                          | deploy/generated/vaccine-fn.yml  | networking.knative.dev/visibility: cluster-local  | example.com/visibility: public                     | must be cluster-local
            a port name Knative rejects                | deploy/generated/gateway.yml     | name: http1                                       | name: http                                         | Knative rejects the port name http
            a domain mapped to a function              | deploy/50-public-domain.yaml     | name: gateway                                     | name: booking-fn                                   | must map to the gateway's Knative Service only
            a shared inbox volume that is not RWX      | deploy/31-shipments-volume.yaml  | - ReadWriteMany                                   | - ReadWriteOnce                                    | must be ReadWriteMany
            a manifest in another namespace            | deploy/31-shipments-volume.yaml  | namespace: anticorona                             | namespace: default                                 | is in namespace default
            """)
    void aManifestThatBreaksTheDeploymentFails(String what, String file, String from, String to, String mentioned) {
        List<String> problems = DeployChecks.run(Manifests.parse(broken(file, from, to)), PROJECT);
        assertTrue(problems.stream().anyMatch(p -> p.contains(mentioned)),
                () -> what + ": expected a problem mentioning '" + mentioned + "', got " + problems);
    }
}
