package io.aigateway.proxy.health.active;

import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Credentials;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.anthropic.AnthropicApi;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The GET a probe sends to a target, before its credentials: the configured path, or the provider's models listing,
 * which costs nothing (never a completion). Pure.
 *
 * @param uri the path and query on the target's host
 */
record ProbeRequest(String uri, MultiMap headers) {

    /**
     * The probe of this target, or null when it has none: a Bedrock target without a configured path (its models
     * listing, {@code ListFoundationModels}, is on another host, {@code bedrock.<region>.amazonaws.com}, and needs
     * another IAM permission than invoking a model: it would say nothing about the endpoint requests go to), a
     * Vertex AI target without a configured path (likewise), or an Azure target without the API version its listing
     * needs.
     */
    static ProbeRequest of(Target target, ActiveHealthCheck check) {
        String uri = check.path() != null ? check.path() : modelsListing(target);
        if (uri == null) {
            return null;
        }
        MultiMap headers = HttpHeaders.headers().set(HttpHeaders.ACCEPT, "application/json");
        target.headers().forEach(headers::set);
        if (target.provider() == Provider.ANTHROPIC
                && !headers.contains(AnthropicApi.VERSION_HEADER)) {
            headers.set(AnthropicApi.VERSION_HEADER, AnthropicApi.VERSION);
        }
        return new ProbeRequest(uri, headers);
    }

    /**
     * {@code GET {base}/models} for OpenAI, OpenAI-compatible servers, Anthropic ({@code /v1/models}) and Gemini
     * ({@code /v1beta/models}); Azure OpenAI's {@code GET /openai/models?api-version=…}, which lists the models of
     * the resource without a deployment or a completion.
     */
    private static String modelsListing(Target target) {
        String base = target.endpoint().basePath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return switch (target.provider()) {
            case OPENAI, OPENAI_COMPATIBLE, ANTHROPIC, GEMINI -> base + "/models";
            case AZURE -> {
                Credentials.AzureCredentials azure = target.credentials().azure();
                yield azure == null ? null : base + "/openai/models?api-version="
                        + URLEncoder.encode(azure.apiVersion(), StandardCharsets.UTF_8);
            }
            // No models listing of Vertex AI's v1 API needs only the target's own permissions: set a path.
            case BEDROCK, VERTEX -> null;
        };
    }
}
