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
 * A route on an AIGateway: requests whose path starts with 'path' and whose method is in 'methods' go to an
 * AIService. The longest matching path wins.
 */
@Group(AiGatewayApi.GROUP)
@Version(AiGatewayApi.VERSION)
@ShortNames("airule")
@Categories(AIGateway.CATEGORY)
@AdditionalPrinterColumn(name = "Gateway", jsonPath = ".spec.gatewayRef.name")
@AdditionalPrinterColumn(name = "Path", jsonPath = ".spec.path")
@AdditionalPrinterColumn(name = "Service", jsonPath = ".spec.serviceRef.name")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class AIRule extends CustomResource<AIRuleSpec, AIRuleStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Desired state of the AIRule: what it matches and where it routes.")
    public AIRuleSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state of the AIRule, written by the operator.")
    public AIRuleStatus getStatus() {
        return super.getStatus();
    }
}
