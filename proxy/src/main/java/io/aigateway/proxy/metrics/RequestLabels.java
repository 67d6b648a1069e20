package io.aigateway.proxy.metrics;

/**
 * The labels one client request carries on every meter, known once its route matched and its body was read.
 *
 * @param gateway the AIGateway the config was compiled for, {@code none} before any config
 * @param rule the matched AIRule, {@code none} when no route matched
 * @param operation {@code gen_ai.operation.name}: {@code chat}, {@code embeddings}, {@code text_completion} or
 *     {@code other}, from the request path
 * @param model the requested model as {@link ModelLabels} bounds it
 */
public record RequestLabels(String gateway, String rule, String operation, String model) {

    public static final String NONE = "none";
    public static final RequestLabels UNROUTED = new RequestLabels(NONE, NONE, "other", ModelLabels.NONE);

    public RequestLabels withModel(String boundedModel) {
        return new RequestLabels(gateway, rule, operation, boundedModel);
    }

    /** The {@code gen_ai.operation.name} of a request path. */
    public static String operationOf(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.endsWith("/chat/completions") || p.endsWith("/messages") || p.endsWith("/responses")) {
            return "chat";
        }
        if (p.endsWith("/embeddings")) {
            return "embeddings";
        }
        if (p.endsWith("/completions")) {
            return "text_completion";
        }
        return "other";
    }
}
