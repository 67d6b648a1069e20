package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/** Azure OpenAI credentials and deployment. */
public class AzureCredentialsSpec {

    @Required
    @JsonPropertyDescription("Secret key holding the Azure OpenAI API key (sent as the api-key header).")
    private SecretKeyRef apiKey;

    @Required
    @Size(min = 1, max = 64)
    @JsonPropertyDescription("Deployment name, the {deployment} of /openai/deployments/{deployment}/..., for "
            + "every model deployments does not list.")
    private String deployment;

    @Required
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$")
    @JsonPropertyDescription("The api-version query parameter, for example 2024-10-21.")
    private String apiVersion;

    @Size(max = 64)
    @JsonPropertyDescription("Model to the deployment serving it, for example gpt-4: my-gpt4-deployment; the model "
            + "is the one the target receives (after the upstream's modelMapping). Models not listed go to "
            + "deployment.")
    private Map<String, String> deployments = new LinkedHashMap<>();

    public SecretKeyRef getApiKey() {
        return apiKey;
    }

    public void setApiKey(SecretKeyRef apiKey) {
        this.apiKey = apiKey;
    }

    public String getDeployment() {
        return deployment;
    }

    public void setDeployment(String deployment) {
        this.deployment = deployment;
    }

    public Map<String, String> getDeployments() {
        return deployments;
    }

    public void setDeployments(Map<String, String> deployments) {
        this.deployments = deployments == null ? new LinkedHashMap<>() : deployments;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }
}
