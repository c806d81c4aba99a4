package io.anticorona.deploy.cnpg;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1), written by hand from the CloudNativePG API reference,
 * because no Java model of it is published on Maven Central. It holds only the fields this project uses, with the
 * reference's names and types; read strictly, any other field fails as unknown, so a field added to
 * deploy/20-databases.yaml must be added here too, after checking it in the API reference.
 */
public record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(
            String description,
            Integer instances,
            String imageName,
            /* unsupervised or supervised */
            String primaryUpdateStrategy,
            Boolean enableSuperuserAccess,
            PostgresConfiguration postgresql,
            Bootstrap bootstrap,
            Storage storage,
            ResourceRequirements resources) {
    }

    /** PostgreSQL's own settings; the API types every parameter value as a string. */
    public record PostgresConfiguration(Map<String, String> parameters, @JsonProperty("pg_hba") List<String> pgHba) {
    }

    public record Bootstrap(InitDb initdb) {
    }

    /** A new, empty database and its owner, whose password comes from {@code secret} (keys username and password). */
    public record InitDb(String database, String owner, LocalObjectReference secret) {
    }

    public record Storage(String size, String storageClass) {
    }
}
