package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier: the operator lists and watches the Secrets of a namespace once, for the three reconcilers
 * that read them, and its cache holds of each Secret only what the compiler reads.
 */
class SecretCacheIT extends OperatorITBase {

    private final SecretReads secretReads = new SecretReads();

    @Override
    protected void intercept(HttpClient.Builder builder) {
        builder.addOrReplaceInterceptor("secret-reads", secretReads);
    }

    @Test
    void shouldListAndWatchTheNamespacesSecretsOnceForEveryReconcilerThatReadsThem() {
        applySample("weighted");
        eventually().untilAsserted(() -> assertThat(summary(AIGateway.class, "weighted"))
                .contains("Accepted=True ResolvedRefs=True"));

        // The operator's own credentials Secrets have an informer of their own, selected by the managed-by label.
        List<String> unselected = secretReads.sent.stream()
                .filter(read -> !read.contains(GatewayObjects.MANAGED_BY_LABEL))
                .filter(read -> !read.contains("continue="))
                .toList();
        assertThat(unselected).as("every list and watch of the namespace's Secrets").hasSize(2)
                .anySatisfy(read -> assertThat(read).contains("watch=true"))
                .anySatisfy(read -> assertThat(read).doesNotContain("watch=true")
                        .contains("limit=" + SecretCache.LIST_PAGE));
    }

    @Test
    void shouldHoldOfEachSecretItsNameNamespaceAndDataOnly() {
        create(new SecretBuilder().withNewMetadata().withName("provider-keys")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"a copy\": \"of it all\"}")
                .addToLabels("team", "payments")
                .endMetadata()
                .withType("Opaque")
                .addToStringData("openai", "sk-first")
                .build());
        SecretCache cache = new SecretCache(client, Set.of(namespace), SecretSelector.ALL);
        assertThat(cache.healthy()).isFalse();
        cache.start();
        try {
            assertThat(cache.healthy()).isTrue();
            assertCompilerView(cache.get(namespace, "provider-keys").orElseThrow(), "sk-first");

            // A change reaches the cache through the watch, stripped in the same way.
            edit(Secret.class, "provider-keys", secret -> new SecretBuilder(secret).withData(null)
                    .withStringData(Map.of("openai", "sk-second")).editMetadata()
                    .addToAnnotations("rotated-by", "ci").endMetadata().build());
            eventually().untilAsserted(() -> assertCompilerView(cache.get(namespace, "provider-keys")
                    .orElseThrow(), "sk-second"));
        } finally {
            cache.stop();
        }
        assertThat(cache.healthy()).isFalse();
    }

    private void assertCompilerView(Secret cached, String openAiKey) {
        Secret stored = get(Secret.class, "provider-keys");
        assertThat(stored.getMetadata().getManagedFields()).isNotEmpty();
        assertThat(stored.getMetadata().getAnnotations()).isNotEmpty();
        assertThat(cached.getMetadata().getName()).isEqualTo("provider-keys");
        assertThat(cached.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(cached.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(cached.getMetadata().getUid()).isNull();
        assertThat(cached.getMetadata().getCreationTimestamp()).isNull();
        assertThat(cached.getType()).isNull();
        assertThat(Snapshot.decode(cached)).isEqualTo(Map.of("openai", openAiKey));
    }

    /** The Secret lists and watches the operator sends, as {@code path?query}. */
    private static final class SecretReads implements Interceptor {

        private final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            if ("GET".equals(request.method()) && request.uri().getPath().endsWith("/secrets")) {
                sent.add(request.uri().getPath() + "?" + request.uri().getQuery());
            }
        }
    }
}
