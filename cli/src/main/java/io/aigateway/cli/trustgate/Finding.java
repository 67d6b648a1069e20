package io.aigateway.cli.trustgate;

/**
 * One thing the import says about a field: that it could not be carried over ({@code lost}), or how it was carried
 * over when that took a choice the user should check. Never holds a credential value.
 *
 * @param resource what was written (or would have been), with the TrustGate input it came from
 * @param field the TrustGate field, for example {@code targets[0].stream}
 */
public record Finding(String resource, String field, String message, boolean lost) {

    @Override
    public String toString() {
        return resource + ": " + field + ": " + (lost ? "not carried over: " : "converted: ") + message;
    }
}
