package io.aigateway.model.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The JSON patch (RFC 6902) of the status subresource that writes the proxies' two fields of an AIUpstream's status,
 * {@code health} and {@code healthy}, and nothing else. The proxies write with it, and so does the operator when it
 * drops the reports of replicas that stopped writing.
 *
 * <p>It carries the resourceVersion its writer read: the API server answers 409 when the AIUpstream changed since,
 * and the writer starts over from a fresher read, so no concurrent report is lost. A JSON patch rather than a merge
 * patch replaces the lists whole on every server; rather than server-side apply, it makes its writer no applier of
 * these fields, whose later applies without them would delete them.
 */
public final class HealthStatusPatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthStatusPatch() {
    }

    /**
     * Sets {@code status.health} to {@code health} and {@code status.healthy} to its summary.
     *
     * @param hasStatus whether the AIUpstream read has a status; without one, the patch adds it first
     */
    public static String setting(String resourceVersion, boolean hasStatus, UpstreamHealth health) {
        ArrayNode ops = lockedOn(resourceVersion);
        if (!hasStatus) {
            ops.addObject().put("op", "add").put("path", "/status").putObject("value");
        }
        ops.addObject().put("op", "add").put("path", "/status/health").set("value", JSON.valueToTree(health));
        ops.addObject().put("op", "add").put("path", "/status/healthy").put("value", health.healthySummary());
        return ops.toString();
    }

    /**
     * Removes {@code status.health} and {@code status.healthy}, for when no report is left. Only a field the
     * AIUpstream read has can be removed: the API server refuses the whole patch otherwise.
     */
    public static String removing(String resourceVersion, boolean hasHealth, boolean hasHealthy) {
        ArrayNode ops = lockedOn(resourceVersion);
        if (hasHealth) {
            ops.addObject().put("op", "remove").put("path", "/status/health");
        }
        if (hasHealthy) {
            ops.addObject().put("op", "remove").put("path", "/status/healthy");
        }
        return ops.toString();
    }

    /** A patch whose first operation sets the resourceVersion: the server refuses it once that is not the current. */
    private static ArrayNode lockedOn(String resourceVersion) {
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        return ops;
    }
}
