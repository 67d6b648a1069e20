package io.aigateway.proxy.metrics;

import io.aigateway.model.Provider;
import java.util.Locale;

/** How a provider is named: as the config spells it, and as OpenTelemetry's {@code gen_ai.provider.name} does. */
public final class ProviderNames {

    private static final String[] CONFIG = new String[Provider.values().length];
    private static final String[] OTEL = new String[Provider.values().length];

    static {
        for (Provider p : Provider.values()) {
            CONFIG[p.ordinal()] = p.name().toLowerCase(Locale.ROOT).replace('_', '-');
            // The well-known values of gen_ai.provider.name; an OpenAI-compatible server has none of its own.
            OTEL[p.ordinal()] = switch (p) {
                case OPENAI -> "openai";
                case ANTHROPIC -> "anthropic";
                case GEMINI -> "gcp.gemini";
                case VERTEX -> "gcp.vertex_ai";
                case BEDROCK -> "aws.bedrock";
                case AZURE -> "azure.ai.openai";
                case OPENAI_COMPATIBLE -> "openai-compatible";
            };
        }
    }

    private ProviderNames() {
    }

    /** {@code openai}, {@code openai-compatible}, …: the config's spelling, for headers and the {@code provider} label. */
    public static String config(Provider provider) {
        return CONFIG[provider.ordinal()];
    }

    /** The {@code gen_ai.provider.name} value: {@code openai}, {@code anthropic}, {@code gcp.gemini}, … */
    public static String otel(Provider provider) {
        return OTEL[provider.ordinal()];
    }
}
