package io.aigateway.kubetest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;

/**
 * The operator's identity as the chart installs it: its ServiceAccount in the release namespace and exactly the
 * RBAC objects the chart renders for the given values, applied to a {@link LocalKubernetes}. A test's operator
 * then runs with a token of that ServiceAccount, so whatever the chart forgets to grant fails with 403 there as it
 * would in a cluster.
 */
public final class ChartIdentity {

    private static final Set<String> IDENTITY_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding",
            "Role", "RoleBinding");

    private final RenderedChart chart;
    private final List<GenericKubernetesResource> identity;
    private final String serviceAccount;

    private ChartIdentity(RenderedChart chart, List<GenericKubernetesResource> identity, String serviceAccount) {
        this.chart = chart;
        this.identity = identity;
        this.serviceAccount = serviceAccount;
    }

    /**
     * Renders the chart with {@code valuesYaml} (e.g. {@code watchNamespaces: [a, b]}; empty for the defaults) and
     * applies its ServiceAccount and RBAC objects; every namespace they name must exist but the release namespace,
     * which is created.
     */
    public static ChartIdentity install(LocalKubernetes cluster, String valuesYaml) {
        RenderedChart chart = RenderedChart.render(valuesYaml);
        KubernetesClient admin = cluster.admin();
        if (admin.namespaces().withName(RenderedChart.NAMESPACE).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(RenderedChart.NAMESPACE).endMetadata().build()).serverSideApply();
        }
        List<GenericKubernetesResource> identity = chart.resources().stream()
                .filter(resource -> IDENTITY_KINDS.contains(resource.getKind())).toList();
        for (GenericKubernetesResource resource : identity) {
            admin.resource(resource).fieldManager("helm").forceConflicts().serverSideApply();
        }
        String serviceAccount = chart.one(ServiceAccount.class).orElseThrow(() -> new IllegalStateException(
                "these values render no ServiceAccount")).getMetadata().getName();
        return new ChartIdentity(chart, identity, serviceAccount);
    }

    /**
     * Deletes the ServiceAccount and RBAC objects {@link #install} applied. The cluster outlives a test and other
     * values render the same names, so a grant left behind (a ClusterRoleBinding of the defaults, say) would give
     * the next test's operator rights its own values do not.
     */
    public void uninstall(LocalKubernetes cluster) {
        identity.forEach(resource -> cluster.admin().resource(resource).delete());
    }

    /** The chart as rendered, for the operator's environment (its Deployment's env). */
    public RenderedChart chart() {
        return chart;
    }

    /** A client configuration acting as the operator's ServiceAccount, with a fresh token. */
    public Config operatorConfig(LocalKubernetes cluster) {
        return cluster.configAs(RenderedChart.NAMESPACE, serviceAccount);
    }
}
