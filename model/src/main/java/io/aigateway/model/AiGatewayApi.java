package io.aigateway.model;

/**
 * The coordinates of the custom resources: the operator serves them, the proxy writes its target health into the
 * AIUpstreams' status and the keys' usage into the AIKeys' status.
 */
public final class AiGatewayApi {

    public static final String GROUP = "aigateway.io";
    public static final String VERSION = "v1alpha1";
    public static final String AI_UPSTREAM_KIND = "AIUpstream";
    public static final String AI_UPSTREAM_PLURAL = "aiupstreams";
    public static final String AI_KEY_PLURAL = "aikeys";

    private AiGatewayApi() {
    }
}
