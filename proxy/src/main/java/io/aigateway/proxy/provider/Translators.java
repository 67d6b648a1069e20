package io.aigateway.proxy.provider;

import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.anthropic.AnthropicToAnthropicTranslator;
import io.aigateway.proxy.provider.anthropic.AnthropicToOpenAiTranslator;
import io.aigateway.proxy.provider.anthropic.OpenAiToAnthropicTranslator;
import io.aigateway.proxy.provider.anthropic.ViaOpenAiTranslator;
import io.aigateway.proxy.provider.bedrock.OpenAiToBedrockTranslator;
import io.aigateway.proxy.provider.gemini.OpenAiToGeminiTranslator;
import io.aigateway.proxy.provider.openai.OpenAiToAzureTranslator;
import io.aigateway.proxy.provider.responses.OpenAiToResponsesTranslator;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.Translator;

/** The one place that picks the translator for a (client API, target provider) pair. */
public final class Translators {

    private Translators() {
    }

    /**
     * A new translator for one attempt.
     *
     * @throws UnsupportedOperationException naming the pair when the gateway cannot translate it
     */
    public static Translator forAttempt(ClientApi api, Target target) {
        Provider provider = target.provider();
        if (api == ClientApi.OPENAI_CHAT_COMPLETIONS) {
            switch (provider) {
                case ANTHROPIC:
                    return new OpenAiToAnthropicTranslator();
                case AZURE:
                    return new OpenAiToAzureTranslator();
                case BEDROCK:
                    return new OpenAiToBedrockTranslator();
                case GEMINI:
                    return new OpenAiToGeminiTranslator();
                case OPENAI:
                    if (OpenAiToResponsesTranslator.speaksResponses(target)) {
                        return new OpenAiToResponsesTranslator();
                    }
                    break; // Chat Completions to Chat Completions is forwarded as-is, never translated
                default:
                    break;
            }
        }
        if (api == ClientApi.ANTHROPIC_MESSAGES) {
            switch (provider) {
                case OPENAI, OPENAI_COMPATIBLE:
                    return OpenAiToResponsesTranslator.speaksResponses(target)
                            ? new ViaOpenAiTranslator(new OpenAiToResponsesTranslator())
                            : new AnthropicToOpenAiTranslator();
                case ANTHROPIC:
                    return new AnthropicToAnthropicTranslator();
                default:
                    // Anthropic -> OpenAI -> the target's API, and back; fails here when that second leg is missing.
                    return new ViaOpenAiTranslator(forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, target));
            }
        }
        throw new UnsupportedOperationException("no translation from " + api + " to " + provider + " targets yet");
    }
}
