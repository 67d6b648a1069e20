package io.aigateway.cli.trustgate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes names for TrustGate's free-text names: DNS labels (lower-case letters, digits and '-', at most 63
 * characters, which also suits target names and leaves room for the Secret suffixes), unique per kind. A name taken
 * twice gets {@code -2}, {@code -3}, ...
 */
final class KubernetesNames {

    static final int MAX_LENGTH = 63;

    private final Map<String, Set<String>> takenByKind = new HashMap<>();

    /** The lower-case DNS label closest to {@code wanted}; {@code fallback} when nothing of it is left. */
    static String label(String wanted, String fallback) {
        String name = wanted == null ? "" : wanted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return name.isEmpty() ? fallback : name;
    }

    /** A name for a new object of {@code kind}, distinct from those handed out before. */
    String unique(String kind, String wanted, String fallback) {
        Set<String> taken = takenByKind.computeIfAbsent(kind, k -> new HashSet<>());
        String base = label(wanted, fallback);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            String suffix = "-" + n;
            name = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
        }
        return name;
    }
}
