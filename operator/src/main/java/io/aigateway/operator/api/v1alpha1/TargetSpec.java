package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.Provider;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One provider endpoint of an upstream. */
@ValidationRule(value = "!(has(self.baseUrl) && has(self.host))", message = "set baseUrl or host, not both")
@ValidationRule(value = "has(self.host) || !(has(self.port) || has(self.protocol))",
        message = "port and protocol go with host")
@ValidationRule(value = "self.provider != 'openai-compatible' || has(self.baseUrl) || has(self.host)",
        message = "an openai-compatible target needs baseUrl or host")
@ValidationRule(value = "self.provider != 'azure' || has(self.baseUrl) || has(self.host)",
        message = "an azure target needs baseUrl (https://<resource>.openai.azure.com) or host")
public class TargetSpec {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the target, unique within the upstream (a DNS label). Shown in the "
            + "X-Selected-Target response header, in metrics and in the health status.")
    private String name;

    @Required
    @SchemaFrom(type = Provider.class)
    @JsonPropertyDescription("The API the target speaks: openai, anthropic, gemini, bedrock, azure, "
            + "vertex (Gemini on Google Cloud Vertex AI), or openai-compatible (vLLM, Ollama, llama.cpp and other "
            + "local servers).")
    private String provider;

    @Size(max = 2048)
    @Pattern("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")
    @JsonPropertyDescription("Root URL of the provider's API, for example https://api.openai.com/v1 or "
            + "http://vllm.ml.svc:8000/v1. Default: the provider's public endpoint. Exclusive with host.")
    private String baseUrl;

    @Size(max = 253)
    @Pattern("^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$")
    @JsonPropertyDescription("Host name of the provider, for example api.openai.com. Exclusive with baseUrl.")
    private String host;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port on host. Default 443 for https, 80 for http.")
    private Integer port;

    @SchemaFrom(type = Protocol.class)
    @JsonPropertyDescription("http or https, with host. Default https.")
    private String protocol;

    @Size(max = 1024)
    @Pattern("^/")
    @JsonPropertyDescription("Path of the provider endpoint that receives requests, for example "
            + "/v1/chat/completions. Default: the provider's own path for the requested operation.")
    private String path;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Share of traffic relative to the other targets of the same priority, 1-100. "
            + "Default 1.")
    private Integer weight;

    @Min(1)
    @JsonPropertyDescription("Failover tier, 1 or more; lower is tried first. Default 1.")
    private Integer priority;

    @Size(max = 256)
    @JsonPropertyDescription("Models this target serves. A request for one of them prefers this target. "
            + "Empty: any model.")
    private List<String> models = new ArrayList<>();

    @Size(max = 256)
    @JsonPropertyDescription("Model sent instead of the requested one when this target does not serve the "
            + "requested model (or none was requested).")
    private String defaultModel;

    @JsonPropertyDescription("Extra headers sent with every request to this target, for example "
            + "anthropic-version. Not for credentials: use credentials.")
    private Map<String, String> headers = new LinkedHashMap<>();

    @JsonPropertyDescription("Provider-specific options.")
    private ProviderOptionsSpec providerOptions;

    @JsonPropertyDescription("How the gateway authenticates to this target; values come from Secrets.")
    private CredentialsSpec credentials;

    @JsonPropertyDescription("This target's own limits: at a limit it is skipped and the request goes to the next "
            + "target; 429 only when every target is limited. Counted in the gateway's rateLimitStore.")
    private RateLimitSpec rateLimit;

    @JsonPropertyDescription("What this target charges per 1,000 tokens, for the lowest-cost algorithm (which "
            + "needs it on every target).")
    private CostSpec cost;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models == null ? new ArrayList<>() : models;
    }

    public String getDefaultModel() {
        return defaultModel;
    }

    public void setDefaultModel(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers == null ? new LinkedHashMap<>() : headers;
    }

    public ProviderOptionsSpec getProviderOptions() {
        return providerOptions;
    }

    public void setProviderOptions(ProviderOptionsSpec providerOptions) {
        this.providerOptions = providerOptions;
    }

    public CredentialsSpec getCredentials() {
        return credentials;
    }

    public void setCredentials(CredentialsSpec credentials) {
        this.credentials = credentials;
    }

    public RateLimitSpec getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimitSpec rateLimit) {
        this.rateLimit = rateLimit;
    }

    public CostSpec getCost() {
        return cost;
    }

    public void setCost(CostSpec cost) {
        this.cost = cost;
    }
}
