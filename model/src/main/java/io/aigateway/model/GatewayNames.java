package io.aigateway.model;

/**
 * The names of the objects the operator writes for a gateway, derived from the gateway's name: the operator writes
 * them, the proxy reads its config from them and runs as the proxy's ServiceAccount.
 */
public final class GatewayNames {

    private GatewayNames() {
    }

    /**
     * The ConfigMap that holds the routing config, under {@link RoutingConfigJson#CONFIG_MAP_KEY}, or, when it is too
     * large for one object, the manifest of its shards under {@link RoutingConfigShards#MANIFEST_KEY}.
     */
    public static String routingConfigMapName(String gateway) {
        return gateway + "-routing";
    }

    /**
     * A shard of a routing config too large for one ConfigMap ({@link RoutingConfigShards}): named after the
     * digest of its bytes, so that the shards of a new revision never replace those of the one being served.
     */
    public static String routingShardName(String gateway, String sha256) {
        return routingConfigMapName(gateway) + "-" + sha256.substring(0, 16);
    }

    /** The Secret that holds the provider credentials the routing config refers to. */
    public static String credentialsSecretName(String gateway) {
        return gateway + "-credentials";
    }

    /** The proxy's Deployment, and its ServiceAccount, Role and RoleBinding. */
    public static String proxyName(String gateway) {
        return gateway + "-proxy";
    }

    /** The proxy's Service: the gateway's own name, so that clients call http://<gateway>.<namespace>.svc. */
    public static String serviceName(String gateway) {
        return gateway;
    }
}
