package io.aigateway.proxy.support;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The official Anthropic Java SDK pointed at a proxy. */
public final class AnthropicSdk {

    private AnthropicSdk() {
    }

    /** {@code get_weather}, of a required string {@code location}. */
    public static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Weather in a city")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                        .required(List.of("location")).build())
                .build();
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
