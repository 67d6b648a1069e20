package io.aigateway.operator.reconciler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewaySpec;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIKeySpec;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIRuleSpec;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIServiceSpec;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamSpec;
import io.aigateway.operator.api.v1alpha1.CredentialsSpec;
import io.aigateway.operator.api.v1alpha1.LocalRef;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;

/** Small resources for mapper tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static AIGateway gateway(String namespace, String name) {
        AIGateway gateway = named(new AIGateway(), namespace, name);
        gateway.setSpec(new AIGatewaySpec());
        return gateway;
    }

    public static AIRule rule(String namespace, String name, String gateway, String service) {
        AIRule rule = named(new AIRule(), namespace, name);
        AIRuleSpec spec = new AIRuleSpec();
        spec.setGatewayRef(new LocalRef(gateway));
        spec.setServiceRef(new LocalRef(service));
        spec.setPath("/v1");
        rule.setSpec(spec);
        return rule;
    }

    public static AIService service(String namespace, String name, String upstream) {
        AIService service = named(new AIService(), namespace, name);
        AIServiceSpec spec = new AIServiceSpec();
        spec.setUpstreamRef(new LocalRef(upstream));
        service.setSpec(spec);
        return service;
    }

    /** An upstream with one target per credentials spec. */
    public static AIUpstream upstream(String namespace, String name, CredentialsSpec... credentials) {
        AIUpstream upstream = named(new AIUpstream(), namespace, name);
        AIUpstreamSpec spec = new AIUpstreamSpec();
        List<TargetSpec> targets = new ArrayList<>();
        for (int i = 0; i < credentials.length; i++) {
            TargetSpec target = new TargetSpec();
            target.setName("t" + i);
            target.setProvider("openai");
            target.setCredentials(credentials[i]);
            targets.add(target);
        }
        spec.setTargets(targets);
        upstream.setSpec(spec);
        return upstream;
    }

    public static CredentialsSpec apiKey(String secret) {
        CredentialsSpec credentials = new CredentialsSpec();
        credentials.setApiKey(new SecretKeyRef(secret, "key"));
        return credentials;
    }

    /** An AIKey naming {@code secret}, or generating its Secret when it is null. */
    public static AIKey key(String namespace, String name, String gateway, String secret) {
        AIKey aiKey = named(new AIKey(), namespace, name);
        AIKeySpec spec = new AIKeySpec();
        spec.setGatewayRef(new LocalRef(gateway));
        if (secret != null) {
            spec.setSecretRef(new SecretKeyRef(secret, "key"));
        }
        aiKey.setSpec(spec);
        return aiKey;
    }

    public static Secret secret(String namespace, String name) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
    }

    public static ResourceID id(String namespace, String name) {
        return new ResourceID(name, namespace);
    }

    private static <R extends HasMetadata> R named(R resource, String namespace, String name) {
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
                .build());
        return resource;
    }
}
