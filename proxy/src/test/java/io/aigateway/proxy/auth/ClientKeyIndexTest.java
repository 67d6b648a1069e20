package io.aigateway.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.ClientKey;
import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientKeyIndexTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final ClientKeyIndex index = new ClientKeyIndex(List.of(
            new ClientKey("good", ClientKeyIndex.sha256Hex("sk-good"), null),
            new ClientKey("later", ClientKeyIndex.sha256Hex("sk-later"), NOW.plusSeconds(1)),
            new ClientKey("old", ClientKeyIndex.sha256Hex("sk-old"), NOW)), List.of());

    private static MultiMap headers(String... kv) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.add(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void shouldHashKnownValues() {
        assertThat(ClientKeyIndex.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldReadTheDefaultHeadersInOrder() {
        assertThat(index.check(headers("authorization", "bearer  sk-good "), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.ACCEPTED);
        assertThat(index.check(headers("x-api-key", "sk-good"), NOW).key().name()).isEqualTo("good");
        assertThat(index.check(headers("Authorization", "Basic abc", "x-api-key", "sk-good"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.ACCEPTED);
        assertThat(index.check(headers("Authorization", "sk-good"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.MISSING);
        assertThat(index.check(headers(), NOW).status()).isEqualTo(ClientKeyIndex.Status.MISSING);
        assertThat(index.check(headers("Authorization", "Bearer sk-bad"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.INVALID);
    }

    @Test
    void shouldHonourExpiry() {
        assertThat(index.check(headers("x-api-key", "sk-later"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.ACCEPTED);
        assertThat(index.check(headers("x-api-key", "sk-old"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.EXPIRED);
    }

    @Test
    void shouldUseOnlyTheConfiguredHeaders() {
        ClientKeyIndex custom = new ClientKeyIndex(List.of(new ClientKey("good", ClientKeyIndex.sha256Hex("sk-good"),
                null)), List.of(new ClientKeyHeader("x-gateway-key", null)));
        assertThat(custom.check(headers("Authorization", "Bearer sk-good"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.MISSING);
        assertThat(custom.check(headers("X-Gateway-Key", "sk-good"), NOW).status())
                .isEqualTo(ClientKeyIndex.Status.ACCEPTED);
    }

    @Test
    void shouldInjectProviderCredentials() {
        Target openai = new Target("t", Provider.OPENAI, new Endpoint("https", "h", 443, "/v1"), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), new Credentials("k", null, null, null), null, null);
        MultiMap h = headers("Authorization", "Bearer client");
        CredentialInjector.apply(openai, Map.of("k", "sk-p\n"), h);
        assertThat(h.getAll("Authorization")).containsExactly("Bearer sk-p");

        Target header = new Target("t", Provider.OPENAI_COMPATIBLE, new Endpoint("http", "h", 80, ""), null, 1, 1,
                List.of(), null, Map.of(), Map.of(),
                new Credentials(null, new Credentials.HeaderCredential("api-key", "e"), null, null), null, null);
        MultiMap h2 = headers();
        CredentialInjector.apply(header, Map.of("e", "v"), h2);
        assertThat(h2.get("api-key")).isEqualTo("v");
    }

    @Test
    void shouldSendAnApiKeyTheWayEachProviderExpectsIt() {
        Map<Provider, String> headerOf = Map.of(Provider.OPENAI, "Authorization", Provider.ANTHROPIC, "x-api-key",
                Provider.GEMINI, "x-goog-api-key", Provider.AZURE, "api-key");
        headerOf.forEach((provider, header) -> {
            Target target = new Target("t", provider, new Endpoint("https", "h", 443, ""), null, 1, 1, List.of(),
                    null, Map.of(), Map.of(), new Credentials("k", null, null, null), null, null);
            MultiMap h = headers("Authorization", "Bearer client");
            CredentialInjector.apply(target, Map.of("k", "key"), h);
            assertThat(h.get(header)).as(provider.name()).isEqualTo(provider == Provider.OPENAI ? "Bearer key" : "key");
            if (provider != Provider.OPENAI) {
                // The client's own Authorization is not the provider's: it is gone by now in the proxy, and the
                // provider key never lands in it.
                assertThat(h.get("Authorization")).as(provider.name()).isEqualTo("Bearer client");
            }
        });
    }
}
