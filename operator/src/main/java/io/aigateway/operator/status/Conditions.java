package io.aigateway.operator.status;

import io.aigateway.operator.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Turns desired conditions into status conditions, keeping lastTransitionTime while a status holds. */
public final class Conditions {

    private Conditions() {
    }

    /**
     * The conditions to write: one per desired condition, in the desired order. A condition whose status did not
     * change keeps its lastTransitionTime; others get the clock's now, to the second as Kubernetes stores it.
     */
    public static List<Condition> merge(List<Condition> current, List<DesiredCondition> desired, long generation,
            Clock clock) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> merged = new ArrayList<>(desired.size());
        for (DesiredCondition want : desired) {
            String status = want.status() ? "True" : "False";
            String since = find(current, want.type())
                    .filter(existing -> status.equals(existing.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .orElse(now);
            merged.add(new Condition(want.type().value(), status, want.reason().value(), want.message(), since,
                    generation));
        }
        return merged;
    }

    public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.value().equals(c.getType())).findFirst();
    }
}
