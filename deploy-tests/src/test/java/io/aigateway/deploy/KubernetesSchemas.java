package io.aigateway.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.aigateway.kubetest.RenderedChart;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * Checks a manifest against the Kubernetes API schema, offline. The built-in kinds go through the official Java
 * client's models, generated from the Kubernetes OpenAPI: their validateJsonElement rejects a field the API does
 * not know, a missing required field and a wrongly typed one, recursively. The ServiceMonitor, a Prometheus
 * Operator kind, goes into fabric8's typed model, generated from its CRD; any field left over (fabric8 keeps
 * unknown fields aside rather than failing) is reported.
 */
final class KubernetesSchemas {

    private interface Validator {
        void validate(JsonElement json) throws IOException;
    }

    private static final Map<String, Validator> BUILT_IN = Map.of(
            "apps/v1 Deployment", V1Deployment::validateJsonElement,
            "v1 Service", V1Service::validateJsonElement,
            "v1 ServiceAccount", V1ServiceAccount::validateJsonElement,
            "rbac.authorization.k8s.io/v1 ClusterRole", V1ClusterRole::validateJsonElement,
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding", V1ClusterRoleBinding::validateJsonElement,
            "rbac.authorization.k8s.io/v1 Role", V1Role::validateJsonElement,
            "rbac.authorization.k8s.io/v1 RoleBinding", V1RoleBinding::validateJsonElement,
            "apiextensions.k8s.io/v1 CustomResourceDefinition", V1CustomResourceDefinition::validateJsonElement);

    private KubernetesSchemas() {
    }

    /** Fails with the reason when the document does not fit the schema of its apiVersion and kind. */
    static void validate(Map<String, Object> document) {
        String type = document.get("apiVersion") + " " + document.get("kind");
        if (type.equals("monitoring.coreos.com/v1 ServiceMonitor")) {
            requireNoUnknownFields(RenderedChart.SERIALIZATION.convertValue(document, ServiceMonitor.class), type);
            return;
        }
        Validator validator = BUILT_IN.get(type);
        if (validator == null) {
            throw new AssertionError("no schema known for " + type);
        }
        try {
            validator.validate(JsonParser.parseString(RenderedChart.SERIALIZATION.asJson(document)));
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError(type + " " + name(document) + " does not fit the Kubernetes schema: "
                    + e.getMessage(), e);
        }
    }

    private static Object name(Map<String, Object> document) {
        return document.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : null;
    }

    /** Walks a fabric8 model object: every nested model's additionalProperties must be empty. */
    private static void requireNoUnknownFields(Object model, String path) {
        if (model instanceof Collection<?> items) {
            items.forEach(item -> requireNoUnknownFields(item, path + "[]"));
            return;
        }
        if (!(model instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (!getter.getName().startsWith("get") || getter.getParameterCount() != 0
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, model);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    throw new AssertionError(path + ": fields the schema does not know: " + unknown.keySet());
                }
            } else {
                requireNoUnknownFields(value, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method getter, Object model) {
        try {
            return getter.invoke(model);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
