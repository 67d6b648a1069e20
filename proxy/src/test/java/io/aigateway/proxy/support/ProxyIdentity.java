package io.aigateway.proxy.support;

import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.LocalKubernetes;
import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.reconciler.gateway.ProxyObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * A gateway's proxy identity on a {@link LocalKubernetes}: the ServiceAccount, Role and RoleBinding exactly as the
 * operator builds them ({@link ProxyObjects}), created by the admin. A client with {@link #config()} acts as a proxy
 * pod does, so whatever the Role lacks is refused with the API server's 403.
 */
public final class ProxyIdentity {

    private final LocalKubernetes cluster;
    private final String namespace;
    private final String serviceAccount;

    private ProxyIdentity(LocalKubernetes cluster, String namespace, String serviceAccount) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.serviceAccount = serviceAccount;
    }

    /**
     * Creates the identity of the proxy of {@code gateway}, whose config uses {@code upstreams}, and waits until the
     * API server's authorizer grants its Role.
     */
    public static ProxyIdentity install(LocalKubernetes cluster, String namespace, String gateway,
            List<String> upstreams) {
        return install(cluster, namespace, gateway, upstreams, List.of(), false);
    }

    /** As {@link #install(LocalKubernetes, String, String, List)}, for a sharded config with these shards. */
    public static ProxyIdentity install(LocalKubernetes cluster, String namespace, String gateway,
            List<String> upstreams, List<String> routingShards) {
        return install(cluster, namespace, gateway, upstreams, List.of(), false, routingShards);
    }

    /**
     * As {@link #install(LocalKubernetes, String, String, List)}, for a config that counts {@code countedKeys}, and
     * with a shared rate-limit store when {@code sharedStore}.
     */
    public static ProxyIdentity install(LocalKubernetes cluster, String namespace, String gateway,
            List<String> upstreams, List<String> countedKeys, boolean sharedStore) {
        return install(cluster, namespace, gateway, upstreams, countedKeys, sharedStore, List.of());
    }

    private static ProxyIdentity install(LocalKubernetes cluster, String namespace, String gateway,
            List<String> upstreams, List<String> countedKeys, boolean sharedStore, List<String> routingShards) {
        AIGateway owner = new AIGateway();
        owner.setMetadata(new ObjectMetaBuilder().withName(gateway).withNamespace(namespace).build());
        KubernetesClient admin = cluster.admin();
        for (HasMetadata object : List.of(ProxyObjects.serviceAccount(owner),
                ProxyObjects.role(owner, upstreams, countedKeys, sharedStore, routingShards),
                ProxyObjects.roleBinding(owner))) {
            admin.resource(object).create();
        }
        ProxyIdentity identity = new ProxyIdentity(cluster, namespace, GatewayNames.proxyName(gateway));
        // The authorizer learns of new RBAC objects from its own watch: a proxy started before would see 403s.
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + namespace + ":" + identity.serviceAccount)
                .withNewResourceAttributes().withNamespace(namespace).withVerb("get").withResource("configmaps")
                .withName(GatewayNames.routingConfigMapName(gateway)).endResourceAttributes()
                .endSpec().build();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> admin.authorization()
                .v1().subjectAccessReview().create(review).getStatus().getAllowed());
        return identity;
    }

    /** A client configuration acting as the proxy's ServiceAccount, with a fresh token. */
    public Config config() {
        return cluster.configAs(namespace, serviceAccount);
    }

    /** A new client acting as the proxy's ServiceAccount; the caller closes it. */
    public KubernetesClient client() {
        return cluster.clientAs(namespace, serviceAccount);
    }
}
