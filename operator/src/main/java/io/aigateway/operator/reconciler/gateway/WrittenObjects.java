package io.aigateway.operator.reconciler.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/**
 * An object as written, as the desired state of a dependent whose change waits (the routing config does not fit):
 * its content without what the API server adds, so that applying it changes nothing.
 */
final class WrittenObjects {

    private WrittenObjects() {
    }

    static ConfigMap configMap(ConfigMap written) {
        return new ConfigMapBuilder().withMetadata(metadata(written.getMetadata()))
                .withData(written.getData()).withBinaryData(written.getBinaryData()).build();
    }

    static Secret secret(Secret written) {
        return new SecretBuilder().withMetadata(metadata(written.getMetadata()))
                .withType(written.getType()).withData(written.getData()).build();
    }

    static Role role(Role written) {
        return new RoleBuilder().withMetadata(metadata(written.getMetadata())).withRules(written.getRules()).build();
    }

    private static ObjectMeta metadata(ObjectMeta written) {
        return new ObjectMetaBuilder().withName(written.getName()).withNamespace(written.getNamespace())
                .withLabels(written.getLabels()).withAnnotations(written.getAnnotations()).build();
    }
}
