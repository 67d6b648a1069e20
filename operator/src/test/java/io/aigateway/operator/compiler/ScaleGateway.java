package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One gateway at the scale the operator promises: {@code upstreams} AIUpstreams of three targets each (all sending
 * to one provider at {@code providerBaseUrl}), an AIService and an AIRule ({@code /team-<i>/v1}) per upstream, and
 * {@code keys} AIKeys. Each key's value is in a Secret shared by {@link #KEYS_PER_SECRET} keys (an AIKey names a
 * Secret and a key in it), so that the keys take 10 Secrets rather than 10,000. For the compile benchmark, and for
 * the test that writes and serves it on a real API server.
 */
public record ScaleGateway(AIGateway gateway, List<AIUpstream> upstreams, List<AIService> services,
        List<AIRule> rules, List<AIKey> keys, List<Secret> secrets) {

    public static final String NAME = "scale";
    public static final String PROVIDER_SECRET = "provider-keys";
    public static final int KEYS_PER_SECRET = 1_000;

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    public static ScaleGateway generate(String namespace, int upstreams, int keys, String providerBaseUrl) {
        AIGateway gateway = JSON.unmarshal("""
                {"apiVersion": "aigateway.io/v1alpha1", "kind": "AIGateway",
                 "metadata": {"name": "%s", "namespace": "%s"}, "spec": {}}""".formatted(NAME, namespace),
                AIGateway.class);
        List<AIUpstream> upstreamList = new ArrayList<>();
        List<AIService> serviceList = new ArrayList<>();
        List<AIRule> ruleList = new ArrayList<>();
        for (int i = 0; i < upstreams; i++) {
            String target = """
                    {"name": "%s", "provider": "openai", "baseUrl": "%s", "priority": %d,
                     "models": ["gpt-4o-mini", "gpt-4o"], "defaultModel": "gpt-4o-mini",
                     "credentials": {"apiKey": {"name": "%s", "key": "openai"}}}""";
            upstreamList.add(JSON.unmarshal("""
                    {"apiVersion": "aigateway.io/v1alpha1", "kind": "AIUpstream",
                     "metadata": {"name": "%s", "namespace": "%s"},
                     "spec": {"algorithm": "round-robin", "targets": [%s, %s, %s]}}""".formatted(
                    upstreamName(i), namespace, target.formatted("primary", providerBaseUrl, 1, PROVIDER_SECRET),
                    target.formatted("secondary", providerBaseUrl, 1, PROVIDER_SECRET),
                    target.formatted("backup", providerBaseUrl, 2, PROVIDER_SECRET)), AIUpstream.class));
            serviceList.add(JSON.unmarshal("""
                    {"apiVersion": "aigateway.io/v1alpha1", "kind": "AIService",
                     "metadata": {"name": "service-%04d", "namespace": "%s"},
                     "spec": {"type": "upstream", "upstreamRef": {"name": "%s"}}}""".formatted(i, namespace,
                    upstreamName(i)), AIService.class));
            ruleList.add(JSON.unmarshal("""
                    {"apiVersion": "aigateway.io/v1alpha1", "kind": "AIRule",
                     "metadata": {"name": "rule-%04d", "namespace": "%s"},
                     "spec": {"gatewayRef": {"name": "%s"}, "serviceRef": {"name": "service-%04d"},
                              "path": "%s", "methods": ["POST", "GET"]}}""".formatted(i, namespace, NAME, i,
                    rulePath(i)), AIRule.class));
        }
        List<AIKey> keyList = new ArrayList<>();
        List<Secret> secretList = new ArrayList<>();
        secretList.add(new SecretBuilder().withNewMetadata().withName(PROVIDER_SECRET).withNamespace(namespace)
                .endMetadata().addToStringData("openai", "sk-scale-provider-key").build());
        Map<String, String> values = new TreeMap<>();
        for (int j = 0; j < keys; j++) {
            keyList.add(JSON.unmarshal("""
                    {"apiVersion": "aigateway.io/v1alpha1", "kind": "AIKey",
                     "metadata": {"name": "key-%05d", "namespace": "%s"},
                     "spec": {"gatewayRef": {"name": "%s"}, "secretRef": {"name": "%s", "key": "key-%05d"}}}"""
                    .formatted(j, namespace, NAME, keySecretName(j), j), AIKey.class));
            values.put("key-%05d".formatted(j), clientKey(j));
            if (values.size() == KEYS_PER_SECRET || j == keys - 1) {
                secretList.add(new SecretBuilder().withNewMetadata().withName(keySecretName(j))
                        .withNamespace(namespace).endMetadata().withStringData(values).build());
                values = new TreeMap<>();
            }
        }
        return new ScaleGateway(gateway, upstreamList, serviceList, ruleList, keyList, secretList);
    }

    public static String upstreamName(int i) {
        return "upstream-%04d".formatted(i);
    }

    /** The path of rule {@code i}, which sends to upstream {@code i}. */
    public static String rulePath(int i) {
        return "/team-%04d/v1".formatted(i);
    }

    /** What a client of key {@code j} sends. */
    public static String clientKey(int j) {
        return "aigw-scale-client-key-%05d".formatted(j);
    }

    private static String keySecretName(int j) {
        return "client-keys-%02d".formatted(j / KEYS_PER_SECRET);
    }

    /** Everything, Secrets first, then what refers to them and the gateway last. */
    public List<HasMetadata> all() {
        return Stream.of(secrets, upstreams, services, rules, keys, List.of(gateway))
                .flatMap(List::stream).map(HasMetadata.class::cast).toList();
    }

    /** The namespace as the operator's caches hold it, for one compile. */
    public Snapshot snapshot() {
        Map<String, Map<String, String>> decoded = new TreeMap<>();
        secrets.forEach(secret -> decoded.put(secret.getMetadata().getName(), Snapshot.decode(secret)));
        return new Snapshot(gateway.getMetadata().getNamespace(), List.of(gateway), upstreams, services, rules, keys,
                decoded);
    }
}
