package io.aigateway.proxy.support;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import java.time.Duration;

/** The official Anthropic Java SDK pointed at a proxy. */
public final class AnthropicSdk {

    private AnthropicSdk() {
    }

    /** A client of the proxy on {@code port} with the client key and no retries of its own. */
    public static AnthropicClient client(int port) {
        return client(port, Configs.CLIENT_KEY);
    }

    /** A client of the proxy on {@code port} with {@code key} and no retries of its own. */
    public static AnthropicClient client(int port, String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }
}
