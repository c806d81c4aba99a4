package io.anticorona.common.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.agroal.api.AgroalDataSource;

/**
 * The hot paths' statements, run on the transaction's own connection (Agroal hands out the one it enlisted, the one
 * Hibernate uses too). The same statement through Hibernate's native query spent three quarters of its time in
 * Hibernate, not in the driver (JFR in {@code make bench}). Parameters are numbered, {@code ?1} to {@code ?N}, as in a
 * JPA native query, so a statement reads the same either way.
 *
 * <p>Nothing here flushes the persistence context: a statement must not depend on an entity change still pending,
 * and an entity already loaded does not see what a statement changed.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class PlainSql {

    /** Reads one row of a result (or, inside, the whole of it). */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** An argument bound as one SQL array of the named element type, for {@code = any(?1)} or {@code unnest(?1)}. */
    public record SqlArray(String elementType, Collection<?> elements) {
    }

    /** A list of ids as one parameter, e.g. {@code array("uuid", bookingIds)}. */
    public static SqlArray array(String elementType, Collection<?> elements) {
        return new SqlArray(elementType, elements);
    }

    /** A statement with its numbered parameters made positional, and which argument each position takes. */
    record Positional(String sql, int[] arguments) {

        private static final Pattern NUMBERED = Pattern.compile("\\?(\\d+)");

        static Positional of(String sql) {
            Matcher numbered = NUMBERED.matcher(sql);
            StringBuilder positional = new StringBuilder(sql.length());
            List<Integer> arguments = new ArrayList<>();
            while (numbered.find()) {
                numbered.appendReplacement(positional, "?");
                arguments.add(Integer.parseInt(numbered.group(1)) - 1);
            }
            numbered.appendTail(positional);
            return new Positional(positional.toString(), arguments.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private final AgroalDataSource dataSource;
    private final Map<String, Positional> statements = new ConcurrentHashMap<>();

    public PlainSql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    public int update(String sql, Object... arguments) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, arguments)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs a query (or a statement with {@code returning}); the first row it answers, if any. */
    public <T> Optional<T> first(String sql, Row<T> row, Object... arguments) {
        return Optional.ofNullable(query(sql, result -> result.next() ? row.read(result) : null, arguments));
    }

    /** Runs a query; every row it answers, in order. */
    public <T> List<T> list(String sql, Row<T> row, Object... arguments) {
        return query(sql, result -> {
            List<T> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(row.read(result));
            }
            return rows;
        }, arguments);
    }

    /** Runs a query and reads its whole result with {@code reader}. */
    private <T> T query(String sql, Row<T> reader, Object... arguments) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, arguments);
                ResultSet result = statement.executeQuery()) {
            return reader.read(result);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private PreparedStatement prepare(Connection connection, String sql, Object... arguments) throws SQLException {
        Positional positional = statements.computeIfAbsent(sql, Positional::of);
        PreparedStatement statement = connection.prepareStatement(positional.sql());
        try {
            for (int i = 0; i < positional.arguments().length; i++) {
                Object argument = arguments[positional.arguments()[i]];
                statement.setObject(i + 1, argument instanceof SqlArray array
                        ? connection.createArrayOf(array.elementType(), array.elements().toArray())
                        : argument);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** As Hibernate would throw it, so that the problem mappers answer a busy database with 503. */
    private static PersistenceException failed(SQLException e) {
        return new PersistenceException(e.getMessage(), e);
    }
}
