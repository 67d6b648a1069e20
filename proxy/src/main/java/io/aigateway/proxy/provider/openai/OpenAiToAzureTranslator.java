package io.aigateway.proxy.provider.openai;

import io.aigateway.model.Credentials;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.PassThroughTranslator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI Chat Completions to Azure OpenAI. The body, the answers and the errors are OpenAI's; what differs is the
 * URL: the deployment names the model, and {@code api-version} is required: {@code
 * /openai/deployments/{deployment}/chat/completions?api-version=…}. The deployment is the one the target's
 * {@code deployments} gives the model it receives (after the upstream's model mapping), else its single one. The
 * key goes in {@code api-key}, added by {@code CredentialInjector}.
 */
public final class OpenAiToAzureTranslator implements PassThroughTranslator {

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        Credentials.AzureCredentials azure = target.credentials().azure();
        if (azure == null) {
            throw new IllegalStateException("azure target " + target.name() + " has no azure credentials");
        }
        String path = target.path() != null ? target.path()
                : target.endpoint().basePath() + "/openai/deployments/" + encode(azure.deploymentFor(model))
                        + "/chat/completions";
        MultiMap headers = HttpHeaders.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        Buffer body = PassThroughTranslator.bodyFor(ChatRequests.foldSystem(request.body()), model);
        return new UpstreamCall(path + (path.contains("?") ? "&" : "?") + "api-version="
                + encode(azure.apiVersion()), headers, body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public Buffer streamError(String reason) {
        return OpenAiChunks.cutEvent(reason);
    }
}
