package io.aigateway.proxy.provider.translation;

import io.aigateway.model.Target;

/** Where on a target's host a request goes. */
public final class TargetPaths {

    private TargetPaths() {
    }

    /**
     * The target's fixed path when it has a non-blank one, else {@code operation} (such as {@code /messages})
     * under the endpoint's base path, without a doubled slash.
     */
    public static String path(Target target, String operation) {
        if (target.path() != null && !target.path().isBlank()) {
            return target.path();
        }
        String base = target.endpoint().basePath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + operation;
    }
}
