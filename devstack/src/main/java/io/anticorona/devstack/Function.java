package io.anticorona.devstack;

import java.util.List;

/** The deployable parts of the system, with their contract ports (see README) and their databases. */
public enum Function {
    VACCINE("vaccine-fn", 8081, "vaccine"),
    BOOKING("booking-fn", 8082, "booking"),
    MYPAGE("mypage-fn", 8083, "mypage"),
    INJECTION("injection-fn", 8084, "injection"),
    /** The one address customers use; it owns no database. */
    GATEWAY("gateway", 8088, null);

    private final String module;
    private final int port;
    private final String database;

    Function(String module, int port, String database) {
        this.module = module;
        this.port = port;
        this.database = database;
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public static List<String> databases() {
        return java.util.Arrays.stream(values()).map(Function::database).filter(java.util.Objects::nonNull).toList();
    }

    public static Function byModule(String module) {
        for (Function function : values()) {
            if (function.module.equals(module)) {
                return function;
            }
        }
        throw new IllegalArgumentException("No function named " + module);
    }
}
