package io.aigateway.operator.compiler;

import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.Reason;
import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one resource as its checks run. */
final class Findings {

    private final ResourceRef resource;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Findings(ResourceRef resource) {
        this.resource = resource;
    }

    /** A problem with the spec itself: turns Accepted False. */
    void invalid(Reason reason, String message) {
        add(new Diagnostic(resource, ConditionType.ACCEPTED, reason, message));
    }

    /** A reference that does not resolve: turns ResolvedRefs False. */
    void unresolved(Reason reason, String message) {
        add(new Diagnostic(resource, ConditionType.RESOLVED_REFS, reason, message));
    }

    /** Two targets with one name and one mistake say it once. */
    private void add(Diagnostic diagnostic) {
        if (!diagnostics.contains(diagnostic)) {
            diagnostics.add(diagnostic);
        }
    }

    /**
     * A duration given in seconds, in milliseconds: the default when unset; reported as invalid with the reason
     * when outside 1 to {@code maxSeconds}.
     */
    int millis(Reason reason, String field, Integer seconds, int maxSeconds, int defaultMillis) {
        if (seconds == null) {
            return defaultMillis;
        }
        if (seconds < 1 || seconds > maxSeconds) {
            invalid(reason, field + " must be between 1 and " + maxSeconds + ", was " + seconds);
        }
        return seconds * 1000;
    }

    int size() {
        return diagnostics.size();
    }

    boolean isEmpty() {
        return diagnostics.isEmpty();
    }

    List<Diagnostic> toList() {
        return List.copyOf(diagnostics);
    }
}
