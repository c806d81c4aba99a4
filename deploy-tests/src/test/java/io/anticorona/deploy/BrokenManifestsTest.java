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
            a misspelt Keycloak field            | deploy/60-keycloak.yaml            | httpEnabled: true                    | httpEnable: true                    | httpEnable
            a misspelt realm field               | deploy/60-keycloak.yaml            | bruteForceProtected: true            | bruteForceProtection: true          | bruteForceProtection
            a realm setting that is no boolean   | deploy/60-keycloak.yaml            | registrationAllowed: false           | registrationAllowed: "false"        | registrationAllowed
            a literal database password          | deploy/60-keycloak.yaml            | poolMaxSize: 30                      | poolMaxSize: 30\\n    password: hunter2 | password
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
            a PingSource calling the old inbox path    | deploy/40-eventing.yaml          | data: '{"job": "shipment-import"}'\\n  sink:\\n    ref:\\n      apiVersion: serving.knative.dev/v1\\n      kind: Service\\n      name: vaccine-fn\\n    uri: /events | data: '{"job": "shipment-import"}'\\n  sink:\\n    ref:\\n      apiVersion: serving.knative.dev/v1\\n      kind: Service\\n      name: vaccine-fn\\n    uri: /vaccines/imports/inbox | a PingSource must deliver to a function's /events
            a PingSource naming an unknown job         | deploy/40-eventing.yaml          | data: '{"job": "waitlist-sweep"}'                | data: '{"job": "waitlist-swept"}'                 | names job waitlist-swept, which booking-fn does not run
            a job no PingSource runs                   | deploy/40-eventing.yaml          | data: '{"job": "pending-sweep"}'                 | data: '{"job": "waitlist-sweep"}'                 | booking-fn runs job(s) [pending-sweep] on an in-process schedule
            a PingSource that names no job             | deploy/40-eventing.yaml          | data: '{"job": "shipment-import"}'               | data: '{}'                                        | data must be {"job": "<name>"}
            a source with another function's audience  | deploy/40-eventing.yaml          | audience: booking-fn-events                       | audience: vaccine-fn-events                        | sink.audience is vaccine-fn-events, but booking-fn takes event tokens for the audience booking-fn-events
            a source without an audience               | deploy/40-eventing.yaml          | uri: /events\\n    audience: mypage-fn-events      | uri: /events                                       | sink.audience is null, but mypage-fn takes event tokens
            two functions sharing an event audience    | deploy/30-config.yaml            | QUARKUS_OIDC_EVENTING_TOKEN_AUDIENCE: "mypage-fn-events" | QUARKUS_OIDC_EVENTING_TOKEN_AUDIENCE: "injection-fn-events" | share the event audience injection-fn-events
            /events trusting the realm                 | deploy/30-config.yaml            | QUARKUS_OIDC_EVENTING_AUTH_SERVER_URL: "https://kubernetes.default.svc.cluster.local" | QUARKUS_OIDC_EVENTING_AUTH_SERVER_URL: "https://auth.anticorona.example.com/realms/anticorona" | QUARKUS_OIDC_EVENTING_AUTH_SERVER_URL is the realm
            /events without the API server's CA        | deploy/30-config.yaml            | QUARKUS_TLS_KUBERNETES_TRUST_STORE_PEM_CERTS      | QUARKUS_TLS_K8S_TRUST_STORE_PEM_CERTS              | but QUARKUS_TLS_KUBERNETES_TRUST_STORE_PEM_CERTS is not set
            an issuer other than Keycloak's            | deploy/30-config.yaml            | QUARKUS_OIDC_AUTH_SERVER_URL: "https://auth.anticorona.example.com/realms/anticorona" | QUARKUS_OIDC_AUTH_SERVER_URL: "https://auth.anticorona.example.com/realms/master" | QUARKUS_OIDC_AUTH_SERVER_URL is https://auth.anticorona.example.com/realms/master, but Keycloak issues its tokens as https://auth.anticorona.example.com/realms/anticorona
            the stock check's token from elsewhere     | deploy/30-config.yaml            | QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL: "https://auth.anticorona.example.com/realms/anticorona" | QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL: "http://localhost:8180/realms/anticorona" | booking-fn: QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL is http://localhost:8180
            Keycloak on plain http                     | deploy/60-keycloak.yaml          | hostname: https://auth.anticorona.example.com     | hostname: http://auth.anticorona.example.com       | hostname.hostname must be Keycloak's public https URL
            Keycloak without proxy headers             | deploy/60-keycloak.yaml          | headers: xforwarded                               | headers: none                                      | proxy.headers must be one of
            Keycloak on another database               | deploy/60-keycloak.yaml          | host: keycloak-db-rw.anticorona.svc               | host: booking-db-rw.anticorona.svc                 | db.host booking-db-rw.anticorona.svc is not keycloak-db-rw
            Keycloak's credentials from a missing Secret | deploy/60-keycloak.yaml        | name: keycloak-db-credentials\\n      key: username | name: keycloak-db-secret\\n      key: username     | db.usernameSecret reads key username of Secret keycloak-db-secret, which is not defined
            Keycloak's pool past its database's budget | deploy/60-keycloak.yaml          | poolMaxSize: 30                                   | poolMaxSize: 100                                   | more than keycloak-db allows
            a realm import with a user                 | deploy/60-keycloak.yaml          | users:\\n                                          | users:\\n      - username: alice\\n        enabled: true\\n        credentials:\\n          - type: password\\n            value: alice\\n | the cluster realm must have no users
            a client with direct access grants         | deploy/60-keycloak.yaml          | secret: "${GATEWAY_CLIENT_SECRET}"\\n        standardFlowEnabled: true\\n        implicitFlowEnabled: false\\n        directAccessGrantsEnabled: false | secret: "${GATEWAY_CLIENT_SECRET}"\\n        standardFlowEnabled: true\\n        implicitFlowEnabled: false\\n        directAccessGrantsEnabled: true | client gateway must say directAccessGrantsEnabled: false
            a public client that can log in            | deploy/60-keycloak.yaml          | publicClient: true\\n        standardFlowEnabled: false | publicClient: true\\n        standardFlowEnabled: true | public client admin-cli can obtain tokens
            admin-cli left to Keycloak's defaults      | deploy/60-keycloak.yaml          | clientId: admin-cli                               | clientId: anticorona-cli                           | no client admin-cli: Keycloak would create it, public and with direct access grants
            a local-only client in the cluster realm   | deploy/60-keycloak.yaml          | clientId: admin-cli                               | clientId: event-delivery                           | unexpected client event-delivery
            weakened password hashing                  | deploy/60-keycloak.yaml          | passwordPolicy: "length(12) and notUsername and notEmail" | passwordPolicy: "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)" | changes Keycloak's password hashing
            a client secret written into the realm     | deploy/60-keycloak.yaml          | secret: "${BOOKING_FN_CLIENT_SECRET}"             | secret: "booking-fn-local-secret"                  | client booking-fn's secret must be a ${NAME} placeholder
            a placeholder bound to a missing Secret    | deploy/60-keycloak.yaml          | name: gateway-oidc                                | name: gateway-oauth                                | placeholder GATEWAY_CLIENT_SECRET reads key client-secret of Secret gateway-oauth, which is not defined
            a placeholder left unbound                 | deploy/60-keycloak.yaml          | GATEWAY_CLIENT_SECRET:                            | GATEWAY_SECRET:                                    | ${GATEWAY_CLIENT_SECRET} is not bound in spec.placeholders
            stock-reserver not given to booking-fn     | deploy/60-keycloak.yaml          | booking-fn:\\n            - stock-reserver          | booking-fn: []                                     | booking-fn's service account is not given the client role stock-reserver
            a realm role missing                       | deploy/60-keycloak.yaml          | - name: injection-admin                           | - name: injection-administrator                    | realm roles [booking-agent, customer, injection-administrator, vaccine-admin], expected
            a realm of another name                    | deploy/60-keycloak.yaml          | realm: anticorona\\n                               | realm: anticorona-prod\\n                           | the realm is anticorona-prod, not anticorona
            TLS not required by the realm              | deploy/60-keycloak.yaml          | sslRequired: external                             | sslRequired: none                                  | sslRequired must be external or all, is none
            a login redirect off the public domain     | deploy/60-keycloak.yaml          | - "https://anticorona.example.com/*"              | - "http://localhost:8088/*"                        | client gateway redirects to http://localhost:8088/*, which is not on the public domain
            a browser login without PKCE S256          | deploy/60-keycloak.yaml          | pkce.code.challenge.method: S256                  | pkce.code.challenge.method: plain                  | must require PKCE S256
            a real client secret committed             | deploy/22-oidc-secrets.yaml      | client-secret: CHANGE_ME-gateway-client-secret    | client-secret: 3f9c2a7e41b08d65                    | not a CHANGE_ME placeholder
            a client secret in a ConfigMap             | deploy/30-config.yaml            | GATEWAY_SERVICES_INJECTION_FN: "http://injection-fn.anticorona.svc.cluster.local:80" | GATEWAY_SERVICES_INJECTION_FN: "http://injection-fn.anticorona.svc.cluster.local:80"\\n  QUARKUS_OIDC_CREDENTIALS_SECRET: "x" | QUARKUS_OIDC_CREDENTIALS_SECRET looks like a credential
            a probe on the wrong path                  | deploy/generated/vaccine-fn.yml  | path: /q/health/ready                             | path: /q/health                                    | checks /q/health, not /q/health/ready
            a heap bound not from jvm.options          | deploy/generated/booking-fn.yml  | - -Xmx128m                                        | - -Xmx256m                                         | but jvm.options says
            a JVM setting in a native Service          | deploy/generated/vaccine-fn.yml  | value: knative                                    | value: knative\\n            - name: JAVA_OPTS_APPEND\\n              value: -Xmx64m | is a JVM's setting; the native executable ignores it
            a command replacing the entrypoint         | deploy/generated/booking-fn.yml  | - -Xmx128m\\n          env:                 | - -Xmx128m\\n          command:\\n            - ./application\\n          env: | a command replaces the image's entrypoint
            a JVM setting from a ConfigMap             | deploy/30-config.yaml            | QUARKUS_DATASOURCE_JDBC_URL: "jdbc:postgresql://booking-db-rw.anticorona.svc:5432/booking" | QUARKUS_DATASOURCE_JDBC_URL: "jdbc:postgresql://booking-db-rw.anticorona.svc:5432/booking"\\n  JAVA_OPTS_APPEND: "-Xmx64m" | JAVA_OPTS_APPEND is a JVM's setting
            a probe on another port                    | deploy/generated/injection-fn.yml | port: null                                       | port: 8084                                         | is not the container port
            an exec probe                              | deploy/generated/mypage-fn.yml   | httpGet:\\n              path: /q/health/live\\n              port: null\\n              scheme: HTTP | exec:\\n              command: [\"true\"] | is not httpGet
            a readiness probe Knative rejects          | deploy/generated/booking-fn.yml  | failureThreshold: 0                               | failureThreshold: 3                                | must leave timeoutSeconds and failureThreshold unset
            the gateway made ready by its /q/health    | deploy/generated/gateway.yml     | tcpSocket:\\n              port: 8080\\n            timeoutSeconds: 0 | httpGet:\\n              path: /q/health/ready\\n              port: null\\n              scheme: HTTP\\n            timeoutSeconds: 0 | readinessProbe checks /q/health/ready, but nothing under /q/ answers on the gateway's public port
            the gateway kept alive by its /q/health    | deploy/generated/gateway.yml     | tcpSocket:\\n              port: 8080\\n            timeoutSeconds: 10 | httpGet:\\n              path: /q/health/live\\n              port: null\\n              scheme: HTTP\\n            timeoutSeconds: 10 | livenessProbe checks /q/health/live, but nothing under /q/ answers
            the gateway probed on its management port  | deploy/generated/gateway.yml     | port: 8080\\n            timeoutSeconds: 0        | port: 9000\\n            timeoutSeconds: 0         | readinessProbe port 9000 is not the container port
            the gateway probed on another host         | deploy/generated/gateway.yml     | tcpSocket:\\n              port: 8080\\n            timeoutSeconds: 0 | tcpSocket:\\n              host: localhost\\n              port: 8080\\n            timeoutSeconds: 0 | connects to host localhost
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
