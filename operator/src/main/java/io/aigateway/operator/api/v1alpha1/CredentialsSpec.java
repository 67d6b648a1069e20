package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the gateway authenticates to a target. Set at most one form; none for a local server that needs no key.
 */
@ValidationRule(value = "[has(self.apiKey), has(self.header), has(self.aws), has(self.azure), has(self.vertex)]"
        + ".filter(x, x).size() <= 1", message = "set one of apiKey, header, aws, azure or vertex")
public class CredentialsSpec {

    @JsonPropertyDescription("API key, sent the way the provider expects it (Authorization: Bearer for OpenAI, "
            + "x-api-key for Anthropic, x-goog-api-key for Gemini, api-key for Azure).")
    private SecretKeyRef apiKey;

    @JsonPropertyDescription("A header sent as is, for providers or proxies with their own scheme.")
    private HeaderCredentialSpec header;

    @JsonPropertyDescription("AWS credentials for Bedrock; requests are signed with SigV4.")
    private AwsCredentialsSpec aws;

    @JsonPropertyDescription("Azure OpenAI key and deployment.")
    private AzureCredentialsSpec azure;

    @JsonPropertyDescription("Google Cloud service account, project and location for Gemini models on Vertex AI; "
            + "requests carry OAuth access tokens the gateway gets and refreshes.")
    private VertexCredentialsSpec vertex;

    public SecretKeyRef getApiKey() {
        return apiKey;
    }

    public void setApiKey(SecretKeyRef apiKey) {
        this.apiKey = apiKey;
    }

    public HeaderCredentialSpec getHeader() {
        return header;
    }

    public void setHeader(HeaderCredentialSpec header) {
        this.header = header;
    }

    public AwsCredentialsSpec getAws() {
        return aws;
    }

    public void setAws(AwsCredentialsSpec aws) {
        this.aws = aws;
    }

    public AzureCredentialsSpec getAzure() {
        return azure;
    }

    public void setAzure(AzureCredentialsSpec azure) {
        this.azure = azure;
    }

    public VertexCredentialsSpec getVertex() {
        return vertex;
    }

    public void setVertex(VertexCredentialsSpec vertex) {
        this.vertex = vertex;
    }
}
