package io.aigateway.benchmarks;

import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.translation.ClientApi;
import java.util.List;
import java.util.Map;

/**
 * The (client API, target API) pairs the gateway translates, with the target, the model sent to it, and which
 * upstream fixtures ({@code fixtures/*.<upstream>.*}) speak the target's API. An Anthropic client of a Gemini,
 * Bedrock, Azure or Responses target goes through OpenAI Chat Completions ({@code ViaOpenAiTranslator}), so those
 * rows measure both legs.
 */
public enum Pair {
    OPENAI_TO_ANTHROPIC(ClientApi.OPENAI_CHAT_COMPLETIONS, anthropic(), "claude-sonnet-4-5", "anthropic", "\"!\""),
    OPENAI_TO_GEMINI(ClientApi.OPENAI_CHAT_COMPLETIONS, gemini(), "gemini-2.0-flash", "gemini", "opposite of hot"),
    OPENAI_TO_BEDROCK(ClientApi.OPENAI_CHAT_COMPLETIONS, bedrock(), "anthropic.claude-3-haiku-20240307-v1:0",
            "bedrock", " WZPZ."),
    OPENAI_TO_AZURE(ClientApi.OPENAI_CHAT_COMPLETIONS, azure(), "gpt-4o", "openai", " the weather"),
    OPENAI_TO_RESPONSES(ClientApi.OPENAI_CHAT_COMPLETIONS, responses(), "gpt-4.1", "responses", " there! How can I "),
    ANTHROPIC_TO_OPENAI(ClientApi.ANTHROPIC_MESSAGES, openAi(), "gpt-4o-mini", "openai", " the weather"),
    ANTHROPIC_TO_GEMINI(ClientApi.ANTHROPIC_MESSAGES, gemini(), "gemini-2.0-flash", "gemini", "opposite of hot"),
    ANTHROPIC_TO_BEDROCK(ClientApi.ANTHROPIC_MESSAGES, bedrock(), "anthropic.claude-3-haiku-20240307-v1:0",
            "bedrock", " WZPZ."),
    ANTHROPIC_TO_AZURE(ClientApi.ANTHROPIC_MESSAGES, azure(), "gpt-4o", "openai", " the weather"),
    ANTHROPIC_TO_RESPONSES(ClientApi.ANTHROPIC_MESSAGES, responses(), "gpt-4.1", "responses", " there! How can I ");

    final ClientApi api;
    final Target target;
    final String model;
    /** The fixture suffix of the API the target answers in: {@code anthropic}, {@code gemini}, … */
    final String upstream;
    /** Text the translated stream event must carry, so a benchmark never measures an error path. */
    final String streamDelta;

    Pair(ClientApi api, Target target, String model, String upstream, String streamDelta) {
        this.api = api;
        this.target = target;
        this.model = model;
        this.upstream = upstream;
        this.streamDelta = streamDelta;
    }

    /** The client request fixture: {@code request.openai.json} or {@code request.anthropic.json}. */
    String requestFixture() {
        return api == ClientApi.OPENAI_CHAT_COMPLETIONS ? "request.openai.json" : "request.anthropic.json";
    }

    private static Target anthropic() {
        return target(Provider.ANTHROPIC, "api.anthropic.com", "/v1", Map.of(),
                new Credentials("k", null, null, null));
    }

    private static Target gemini() {
        return target(Provider.GEMINI, "generativelanguage.googleapis.com", "/v1beta", Map.of(),
                new Credentials("k", null, null, null));
    }

    private static Target bedrock() {
        return target(Provider.BEDROCK, "bedrock-runtime.us-east-1.amazonaws.com", "", Map.of(),
                new Credentials(null, null, new Credentials.AwsCredentials("us-east-1", "id", "secret", null), null));
    }

    private static Target azure() {
        return target(Provider.AZURE, "example.openai.azure.com", "", Map.of(),
                new Credentials(null, null, null, new Credentials.AzureCredentials("k", "gpt4o-prod", "2024-10-21")));
    }

    private static Target openAi() {
        return target(Provider.OPENAI, "api.openai.com", "/v1", Map.of(), new Credentials("k", null, null, null));
    }

    private static Target responses() {
        return target(Provider.OPENAI, "api.openai.com", "/v1", Map.of("api", "responses"),
                new Credentials("k", null, null, null));
    }

    private static Target target(Provider provider, String host, String basePath, Map<String, String> options,
            Credentials credentials) {
        return new Target("bench", provider, new Endpoint("https", host, 443, basePath), null, 1, 1, List.of(), null,
                Map.of(), options, credentials, null, null);
    }
}
