package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.AiGatewayApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One AI gateway: the proxy that serves the AIRules attached to it, and the client keys (AIKeys) it accepts. The
 * operator compiles everything attached to it into the ConfigMap <name>-routing and the Secret <name>-credentials,
 * and runs the proxy: Deployment <name>-proxy behind Service <name>.
 */
@Group(AiGatewayApi.GROUP)
@Version(AiGatewayApi.VERSION)
@ShortNames("aigw")
@Categories(AIGateway.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Routes", jsonPath = ".status.routes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Keys", jsonPath = ".status.keys", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(name = "Ready-Replicas", jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.configRevision", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class AIGateway extends CustomResource<AIGatewaySpec, AIGatewayStatus> implements Namespaced {
    /**
     * The category of all five kinds: {@code kubectl get ai-gateway} lists them all. It must differ from every
     * resource name, singular and short name the API server serves (the singular {@code aigateway} would make
     * {@code kubectl get aigateway NAME} fail and {@code kubectl delete aigateway --all} delete every kind).
     */
    public static final String CATEGORY = "ai-gateway";

    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Desired state of the AIGateway: host names, client-key headers and proxy settings.")
    public AIGatewaySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state of the AIGateway, written by the operator, except rateLimitStore (the "
            + "proxies' reports).")
    public AIGatewayStatus getStatus() {
        return super.getStatus();
    }
}
