package io.anticorona.common.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Numbered parameters become JDBC's positional ones, each position taking its numbered argument. */
class PositionalTest {

    @Test
    void aNumberUsedTwiceOrOutOfOrderTakesTheSameArgumentEachTime() {
        PlainSql.Positional positional = PlainSql.Positional.of("select ?2, id from t where a = ?1 and b = ?2 and c = ?10");
        assertEquals("select ?, id from t where a = ? and b = ? and c = ?", positional.sql());
        assertArrayEquals(new int[] { 1, 0, 1, 9 }, positional.arguments());
    }

    @Test
    void aStatementWithoutParametersIsLeftAsItIs() {
        PlainSql.Positional positional = PlainSql.Positional.of("select count(*) from t");
        assertEquals("select count(*) from t", positional.sql());
        assertEquals(0, positional.arguments().length);
    }
}
