package io.anticorona.devstack;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FunctionProcessTest {

    @Test
    void aNativeExecutableTakesOnlyTheLastHeapBoundOfTheJvmOptions() {
        List<String> options = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m");
        assertEquals(List.of("-Xmx128m"), FunctionProcess.heapBound(options));
    }

    @Test
    void withoutAHeapBoundANativeExecutableGetsNoOptions() {
        assertEquals(List.of(), FunctionProcess.heapBound(List.of("-XX:+UseSerialGC")));
    }
}
