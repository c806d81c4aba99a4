package io.anticorona.common.sql;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain statements share the transaction, and its connection, with Hibernate: each sees what the other wrote. */
@QuarkusTest
class PlainSqlTest {

    private static final String COUNT = "select count(*) from processed_event where id = ?1";

    @Inject
    PlainSql sql;

    @Inject
    EntityManager entityManager;

    @Test
    void hibernateSeesAPlainInsertOfTheSameTransactionBeforeItCommits() {
        UUID id = UUID.randomUUID();
        long seen = QuarkusTransaction.requiringNew().call(() -> {
            sql.update("insert into processed_event (id, type) values (?1, ?2)", id, "PlainSqlTest");
            return ((Number) entityManager.createNativeQuery("select count(*) from processed_event where id = ?1")
                    .setParameter(1, id).getSingleResult()).longValue();
        });
        assertEquals(1, seen);
    }

    @Test
    void aPlainQuerySeesAnUncommittedHibernateInsertAndTheRollbackUndoesBoth() {
        UUID byHibernate = UUID.randomUUID();
        UUID byPlainSql = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("insert into processed_event (id, type) values (?1, 'PlainSqlTest')")
                    .setParameter(1, byHibernate).executeUpdate();
            assertEquals(List.of(1L), sql.list(COUNT, row -> row.getLong(1), byHibernate));
            sql.update("insert into processed_event (id, type) values (?1, ?2)", byPlainSql, "PlainSqlTest");
            throw new IllegalStateException("roll back");
        }));
        long left = QuarkusTransaction.requiringNew().call(() -> sql.first(
                "select count(*) from processed_event where id in (?1, ?2)", row -> row.getLong(1), byHibernate, byPlainSql)
                .orElseThrow());
        assertEquals(0, left);
    }

    @Test
    void aNullArgumentIsBoundAsNull() {
        assertTrue(QuarkusTransaction.requiringNew().call(
                () -> sql.first("select cast(?1 as bigint) is null", row -> row.getBoolean(1), (Object) null).orElseThrow()));
    }

    @Test
    void aListIsBoundAsOneArrayParameter() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        long found = QuarkusTransaction.requiringNew().call(() -> {
            sql.update("insert into processed_event (id, type) select unnest(cast(?1 as uuid[])), ?2",
                    PlainSql.array("uuid", List.of(first, second)), "PlainSqlTest");
            return sql.first("select count(*) from processed_event where id = any(?1)", row -> row.getLong(1),
                    PlainSql.array("uuid", List.of(first, second, UUID.randomUUID()))).orElseThrow();
        });
        assertEquals(2, found);
        assertEquals(List.of(0L), QuarkusTransaction.requiringNew().call(() -> sql.list(
                "select count(*) from processed_event where id = any(?1)", row -> row.getLong(1),
                PlainSql.array("uuid", List.of()))));
    }

    @Test
    void aFailingStatementIsAPersistenceExceptionAndAStatementNeedsATransaction() {
        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(
                () -> sql.update("insert into no_such_table values (?1)", 1)));
        assertThrows(TransactionalException.class, () -> sql.update("select 1"));
    }
}
