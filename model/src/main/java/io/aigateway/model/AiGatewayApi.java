package io.aigateway.model;

/**
 * The coordinates of the custom resources: the operator serves them, the proxy writes its target health into the
 * AIUpstreams' status and the keys' usage into the AIKeys' status, and whether
 * it reaches the shared rate-limit store into its AIGateway's status.
 */
public final class AiGatewayApi {

    public static final String GROUP = "aigateway.io";
    public static final String VERSION = "v1alpha1";
    public static final String AI_UPSTREAM_KIND = "AIUpstream";
    public static final String AI_UPSTREAM_PLURAL = "aiupstreams";
    public static final String AI_KEY_KIND = "AIKey";
    public static final String AI_KEY_PLURAL = "aikeys";
    public static final String AI_GATEWAY_KIND = "AIGateway";
    public static final String AI_GATEWAY_PLURAL = "aigateways";

    private AiGatewayApi() {
    }
}
