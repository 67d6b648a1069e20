package io.aigateway.proxy.provider;

import io.aigateway.model.Provider;
import io.aigateway.model.Target;

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
                case AZURE:
                    return new OpenAiToAzureTranslator();
                case ANTHROPIC:
                    return new OpenAiToAnthropicTranslator();
                case OPENAI:
                    if (OpenAiToResponsesTranslator.speaksResponses(target)) {
                        return new OpenAiToResponsesTranslator();
                    }
                    break; // Chat Completions to Chat Completions is forwarded as-is, never translated
                default:
                    break;
            }
        }
        throw new UnsupportedOperationException("no translation from " + api + " to " + provider + " targets yet");
    }
}
