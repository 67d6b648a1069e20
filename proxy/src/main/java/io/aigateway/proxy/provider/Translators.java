package io.aigateway.proxy.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.metrics.ProviderNames;
import io.aigateway.proxy.provider.anthropic.AnthropicToAnthropicTranslator;
import io.aigateway.proxy.provider.anthropic.AnthropicToOpenAiTranslator;
import io.aigateway.proxy.provider.anthropic.OpenAiToAnthropicTranslator;
import io.aigateway.proxy.provider.anthropic.ViaOpenAiTranslator;
import io.aigateway.proxy.provider.bedrock.OpenAiToBedrockTranslator;
import io.aigateway.proxy.provider.gemini.OpenAiToGeminiTranslator;
import io.aigateway.proxy.provider.openai.OpenAiToAzureTranslator;
import io.aigateway.proxy.provider.responses.OpenAiToResponsesTranslator;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides, for a (client API, target) pair, whether a request is forwarded as-is, translated, or
 * cannot be served; nothing else looks inside translators.
 */
public final class Translators {

    /** What the gateway does with one attempt's request. */
    public sealed interface Translation {
        /** Sent unchanged but for model, headers and credentials. */
        record Forward() implements Translation {
        }

        /** Translated both ways by this translator, which serves this attempt only. */
        record Translate(Translator translator) implements Translation {
        }

        /** The gateway cannot send this request to the target, for this reason (safe to show the client). */
        record Unsupported(String reason) implements Translation {
        }
    }

    /** A request field a target cannot honour, and why (safe to show the client). */
    public record Refusal(String field, String reason) {
    }

    private static final Translation FORWARD = new Translation.Forward();

    private Translators() {
    }

    /**
     * The translation for one attempt: OpenAI-style targets take the request as it came, unless the client speaks
     * another API (an Anthropic Messages client to an OpenAI target is translated) or the target speaks the
     * Responses API ({@code providerOptions.api: responses}); every other pair is translated, or unsupported.
     *
     * @param api the client's API, null for a request the gateway does not translate
     */
    public static Translation forRequest(ClientApi api, Target target, Clock clock) {
        Provider provider = target.provider();
        if (api != ClientApi.ANTHROPIC_MESSAGES
                && (provider == Provider.OPENAI || provider == Provider.OPENAI_COMPATIBLE)
                && !OpenAiToResponsesTranslator.speaksResponses(target)) {
            return FORWARD;
        }
        if (api == null) {
            return new Translation.Unsupported(ProviderNames.config(provider)
                    + " targets serve POST …/chat/completions and POST …/messages only");
        }
        try {
            return new Translation.Translate(forAttempt(api, target, clock));
        } catch (UnsupportedOperationException e) {
            return new Translation.Unsupported(e.getMessage());
        }
    }

    /**
     * The fields of {@code body} this translator's target cannot honour, in the order it refuses them; empty when
     * it honours them all. Asks {@link Translator#checkHonoured} again without each field refused, so the request
     * is never translated for it.
     */
    public static List<Refusal> unhonoured(Translator translator, Target target, ObjectNode body) {
        List<Refusal> refusals = List.of(); // the usual answer, without allocating
        ObjectNode rest = body;
        while (true) {
            try {
                translator.checkHonoured(rest, target);
                return refusals;
            } catch (TranslationException e) {
                if (refusals.isEmpty()) {
                    refusals = new ArrayList<>(2);
                }
                refusals.add(new Refusal(e.field(), e.getMessage()));
                if (rest == body) {
                    rest = body.objectNode().setAll(body);
                }
                if (rest.remove(e.field()) == null) {
                    return refusals; // not a top-level field: nothing left out would help
                }
            }
        }
    }

    /** The request without the fields refused: a shallow copy, the client's request stays as it came. */
    public static ClientRequest without(ClientRequest request, List<Refusal> refused) {
        ObjectNode body = request.body().objectNode().setAll(request.body());
        refused.forEach(r -> body.remove(r.field()));
        return new ClientRequest(request.api(), body, request.stream(), request.headers());
    }

    /**
     * A new translator for one attempt; {@code clock} gives the {@code created} time of the answers it builds.
     *
     * @throws UnsupportedOperationException naming the pair when the gateway cannot translate it
     */
    public static Translator forAttempt(ClientApi api, Target target, Clock clock) {
        Provider provider = target.provider();
        if (api == ClientApi.OPENAI_CHAT_COMPLETIONS) {
            switch (provider) {
                case ANTHROPIC:
                    return new OpenAiToAnthropicTranslator(clock);
                case AZURE:
                    return new OpenAiToAzureTranslator();
                case BEDROCK:
                    return new OpenAiToBedrockTranslator(clock);
                case GEMINI, VERTEX:
                    return new OpenAiToGeminiTranslator(clock);
                case OPENAI:
                    if (OpenAiToResponsesTranslator.speaksResponses(target)) {
                        return new OpenAiToResponsesTranslator(clock);
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
                            ? new ViaOpenAiTranslator(new OpenAiToResponsesTranslator(clock))
                            : new AnthropicToOpenAiTranslator();
                case ANTHROPIC:
                    return new AnthropicToAnthropicTranslator();
                default:
                    // Anthropic -> OpenAI -> the target's API, and back; fails here when that second leg is missing.
                    return new ViaOpenAiTranslator(forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, target, clock));
            }
        }
        throw new UnsupportedOperationException("no translation from " + api + " to " + provider + " targets yet");
    }
}
