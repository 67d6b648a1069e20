package io.aigateway.deploy;

import io.aigateway.kubetest.RenderedChart;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the chart's RBAC lets the operator's ServiceAccount do, decided as Kubernetes' RBAC authorizer decides: a
 * ClusterRoleBinding grants its ClusterRole everywhere, a RoleBinding grants its Role (or ClusterRole) in its own
 * namespace only; a rule with resourceNames matches only requests that name one of them.
 */
final class ChartRbac {

    /** One rule, where it applies: {@code namespace} empty means cluster-wide. */
    record Grant(String namespace, PolicyRule rule) {

        boolean allows(ApiCall call) {
            return call.isResourceRequest()
                    && (namespace.isEmpty() || namespace.equals(call.namespace()))
                    && matches(rule.getApiGroups(), call.group())
                    && matches(rule.getResources(), call.resource())
                    && matches(rule.getVerbs(), call.verb())
                    && (rule.getResourceNames().isEmpty() || rule.getResourceNames().contains(call.name()));
        }

        private static boolean matches(Collection<String> granted, String requested) {
            return granted.contains("*") || granted.contains(requested);
        }
    }

    private final List<Grant> grants;

    private ChartRbac(List<Grant> grants) {
        this.grants = grants;
    }

    /** The grants of the chart's bindings to the ServiceAccount {@code namespace/name}. */
    static ChartRbac of(RenderedChart chart, String namespace, String name) {
        List<Grant> grants = new ArrayList<>();
        for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
            if (binds(binding.getSubjects(), namespace, name)) {
                rules(chart, binding.getRoleRef(), "").forEach(rule -> grants.add(new Grant("", rule)));
            }
        }
        for (RoleBinding binding : chart.all(RoleBinding.class)) {
            String bindingNamespace = binding.getMetadata().getNamespace();
            if (binds(binding.getSubjects(), namespace, name)) {
                rules(chart, binding.getRoleRef(), bindingNamespace)
                        .forEach(rule -> grants.add(new Grant(bindingNamespace, rule)));
            }
        }
        return new ChartRbac(List.copyOf(grants));
    }

    boolean allows(ApiCall call) {
        return grants.stream().anyMatch(grant -> grant.allows(call));
    }

    List<Grant> grants() {
        return grants;
    }

    /** The rules that apply in {@code namespace}: the cluster-wide ones and that namespace's own. */
    List<PolicyRule> rulesIn(String namespace) {
        return grants.stream().filter(grant -> grant.namespace().isEmpty() || grant.namespace().equals(namespace))
                .map(Grant::rule).toList();
    }

    private static boolean binds(List<Subject> subjects, String namespace, String name) {
        return subjects.stream().anyMatch(subject -> "ServiceAccount".equals(subject.getKind())
                && name.equals(subject.getName()) && namespace.equals(subject.getNamespace()));
    }

    private static List<PolicyRule> rules(RenderedChart chart, RoleRef ref, String bindingNamespace) {
        Optional<List<PolicyRule>> rules = switch (ref.getKind()) {
            case "ClusterRole" -> chart.all(ClusterRole.class).stream()
                    .filter(role -> role.getMetadata().getName().equals(ref.getName()))
                    .findFirst().map(ClusterRole::getRules);
            case "Role" -> chart.all(Role.class).stream()
                    .filter(role -> role.getMetadata().getName().equals(ref.getName())
                            && role.getMetadata().getNamespace().equals(bindingNamespace))
                    .findFirst().map(Role::getRules);
            default -> Optional.empty();
        };
        return rules.orElseThrow(() -> new AssertionError("a binding refers to " + ref.getKind() + " "
                + ref.getName() + ", which the chart does not render"));
    }
}
