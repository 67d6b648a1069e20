package io.aigateway.proxy.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@value #HEADER} header: every target a request tried, in order, and how each attempt ended, so that a
 * client can see why its request failed over or did not: {@code openai=429(rate_limited), anthropic=200}. A
 * target that answered shows its status; a failed attempt shows the status it answered with, if any, and the
 * cause's metric label ({@link AttemptFailure.Cause#label()}): {@code 503(status)}, {@code timeout},
 * {@code connection}. Only names, codes and labels: never a provider's error text or anything from a credential.
 * One per request, used on its event loop.
 */
public final class AttemptTrail {

    public static final String HEADER = "X-Gateway-Attempts";

    private final List<AttemptFailure> failures = new ArrayList<>(2);

    /** An attempt failed and the request moves on. */
    public void failed(AttemptFailure failure) {
        failures.add(failure);
    }

    /** The header once {@code target} answered with {@code status}, after the attempts that failed before it. */
    public String answeredBy(String target, int status) {
        StringBuilder out = of(failures);
        if (out.length() > 0) {
            out.append(", ");
        }
        return out.append(target).append('=').append(status).toString();
    }

    /** The header of a request whose every attempt failed. */
    public static String failed(List<AttemptFailure> failures) {
        return of(failures).toString();
    }

    private static StringBuilder of(List<AttemptFailure> failures) {
        StringBuilder out = new StringBuilder();
        for (AttemptFailure f : failures) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(f.target()).append('=');
            if (f.status() > 0) {
                out.append(f.status()).append('(').append(f.cause().label()).append(')');
            } else {
                out.append(f.cause().label());
            }
        }
        return out;
    }
}
