package io.anticorona.deploy.keycloak;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * The Keycloak Operator's {@code Keycloak} (k8s.keycloak.org/v2alpha1), written by hand from the operator's CRD
 * (its KeycloakSpec and the spec classes under it), because the operator publishes its model only inside the operator
 * itself. It holds only the fields this project uses, with the CRD's names and types; read strictly, any other field
 * fails as unknown, so a field added to deploy/60-keycloak.yaml must be added here too, after checking it in the CRD.
 */
public record Keycloak(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(
            Integer instances,
            String image,
            Database db,
            Hostname hostname,
            Http http,
            Proxy proxy,
            Ingress ingress,
            ResourceRequirements resources) {
    }

    /**
     * The database: host, port and name of the vendor's default JDBC URL, and the credentials, only as references to
     * a Secret's keys (the CRD has no field for a literal username or password).
     */
    public record Database(
            /* postgres, mysql, mariadb, mssql, oracle, dev-file */
            String vendor,
            String host,
            Integer port,
            String database,
            String url,
            SecretKeySelector usernameSecret,
            SecretKeySelector passwordSecret,
            Integer poolMinSize,
            Integer poolInitialSize,
            Integer poolMaxSize) {
    }

    /** Hostname v2: {@code hostname} is a host name or a full URL; the issuer of every token derives from it. */
    public record Hostname(String hostname, String admin, Boolean strict, Boolean backchannelDynamic) {
    }

    /** HTTPS with the certificate of {@code tlsSecret}; plain HTTP when {@code httpEnabled} (required without one). */
    public record Http(Boolean httpEnabled, Integer httpPort, Integer httpsPort, String tlsSecret) {
    }

    /** Which proxy headers Keycloak trusts: forwarded (RFC 7239) or xforwarded (X-Forwarded-*). */
    public record Proxy(String headers) {
    }

    /** The Ingress the operator creates for the hostname (enabled unless said otherwise). */
    public record Ingress(Boolean enabled, String className, Map<String, String> annotations, String tlsSecret) {
    }
}
