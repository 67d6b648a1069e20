package io.aigateway.proxy.routing;

import java.util.List;

/** Every attempt of a request failed; the list says which targets were tried and why, in order. */
public final class TargetsFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<AttemptFailure> failures;

    public TargetsFailed(List<AttemptFailure> failures) {
        super(describe(failures), null, false, false);
        this.failures = List.copyOf(failures);
    }

    public List<AttemptFailure> failures() {
        return failures;
    }

    private static String describe(List<AttemptFailure> failures) {
        StringBuilder sb = new StringBuilder("No target could serve the request: ");
        for (int i = 0; i < failures.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(failures.get(i).target()).append(": ").append(failures.get(i).reason());
        }
        return sb.toString();
    }
}
