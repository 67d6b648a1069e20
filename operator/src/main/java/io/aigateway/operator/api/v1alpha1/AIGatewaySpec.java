package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an AIGateway. */
public class AIGatewaySpec {

    @Size(max = 32)
    @JsonPropertyDescription("Host names this gateway answers: lower-case DNS names, optionally starting with "
            + "'*.', for example ai.example.com or *.ai.example.com. Requests with another Host header get 404. "
            + "Empty: every host.")
    private List<String> hostnames = new ArrayList<>();

    @Size(max = 8)
    @JsonPropertyDescription("Request headers that may carry a client key, tried in order. "
            + "Default: 'Authorization' with scheme 'Bearer', then 'x-api-key'.")
    private List<ClientKeyHeaderSpec> clientKeyHeaders = new ArrayList<>();

    @Min(1024)
    @Max(104857600)
    @JsonPropertyDescription("Largest request body the proxy accepts, in bytes; larger ones get 413. "
            + "Default 10485760 (10 MiB).")
    private Long maxRequestBodyBytes;

    @JsonPropertyDescription("How long the proxy waits on its clients' requests.")
    private ClientTimeoutsSpec clientTimeouts;

    @JsonPropertyDescription("How the operator runs this gateway's proxy.")
    private ProxySpec proxy;

    @JsonPropertyDescription("The limits of each AIKey of this gateway that sets no limits of its own. A key's own "
            + "limits replace these as a whole.")
    private UsageLimitsSpec defaultKeyLimits;

    @JsonPropertyDescription("Where the proxy replicas count the limits and budgets of keys and rules. Default: "
            + "local (each replica counts alone).")
    private RateLimitStoreSpec rateLimitStore;

    public List<String> getHostnames() {
        return hostnames;
    }

    public void setHostnames(List<String> hostnames) {
        this.hostnames = hostnames == null ? new ArrayList<>() : hostnames;
    }

    public List<ClientKeyHeaderSpec> getClientKeyHeaders() {
        return clientKeyHeaders;
    }

    public void setClientKeyHeaders(List<ClientKeyHeaderSpec> clientKeyHeaders) {
        this.clientKeyHeaders = clientKeyHeaders == null ? new ArrayList<>() : clientKeyHeaders;
    }

    public Long getMaxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public void setMaxRequestBodyBytes(Long maxRequestBodyBytes) {
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    public ClientTimeoutsSpec getClientTimeouts() {
        return clientTimeouts;
    }

    public void setClientTimeouts(ClientTimeoutsSpec clientTimeouts) {
        this.clientTimeouts = clientTimeouts;
    }

    public ProxySpec getProxy() {
        return proxy;
    }

    public void setProxy(ProxySpec proxy) {
        this.proxy = proxy;
    }

    public UsageLimitsSpec getDefaultKeyLimits() {
        return defaultKeyLimits;
    }

    public void setDefaultKeyLimits(UsageLimitsSpec defaultKeyLimits) {
        this.defaultKeyLimits = defaultKeyLimits;
    }

    public RateLimitStoreSpec getRateLimitStore() {
        return rateLimitStore;
    }

    public void setRateLimitStore(RateLimitStoreSpec rateLimitStore) {
        this.rateLimitStore = rateLimitStore;
    }
}
