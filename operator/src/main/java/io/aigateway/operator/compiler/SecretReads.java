package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.status.Reason;
import java.util.Map;
import java.util.TreeSet;

/** Reads the Secret values a resource refers to, recording why one cannot be had. */
final class SecretReads {

    private SecretReads() {
    }

    /**
     * A referenced Secret value, trimmed, or null with why it cannot be had recorded: a reference without name or
     * key is invalid ({@code incomplete}); a missing Secret, key or value does not resolve. Messages start with
     * {@code where}, name the Secret and its keys, never a value.
     *
     * @param field the referring field, as the user wrote it, for example {@code credentials.apiKey}
     */
    static String value(Snapshot snapshot, Findings findings, Reason incomplete, String where, String field,
            SecretKeyRef ref) {
        if (ref == null || ref.getName() == null || ref.getKey() == null) {
            findings.invalid(incomplete, where + ": " + field + " needs name and key");
            return null;
        }
        Map<String, String> secret = snapshot.secrets().get(ref.getName());
        if (secret == null) {
            findings.unresolved(Reason.SECRET_NOT_FOUND, where + ": " + field + " refers to Secret '"
                    + ref.getName() + "', which " + snapshot.absence("Secret", ref.getName())
                    + "; create it or fix the name");
            return null;
        }
        String value = secret.get(ref.getKey());
        if (value == null || value.isBlank()) {
            findings.unresolved(Reason.SECRET_KEY_NOT_FOUND, where + ": Secret '" + ref.getName() + "' has "
                    + (value == null ? "no key '" + ref.getKey() + "'" : "an empty key '" + ref.getKey() + "'")
                    + (value == null && !secret.isEmpty() ? " (it has: " + String.join(", ", new TreeSet<>(
                            secret.keySet())) + ")" : "") + "; fix " + field + ".key or the Secret");
            return null;
        }
        // Trimmed: a trailing line break (echo without -n) is a common slip with no meaning in a key.
        return value.strip();
    }
}
