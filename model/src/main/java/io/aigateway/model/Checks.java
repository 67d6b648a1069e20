package io.aigateway.model;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the records' compact constructors. */
final class Checks {
    private Checks() {
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }

    static int requireRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A limit that may be unset (null), and is at least 1 when set. */
    static void requirePositive(Long value, String field) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
    }

    static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> mapOrEmpty(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
