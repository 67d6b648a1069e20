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

/** A named service that AIRules route to; it sends traffic to one AIUpstream. */
@Group(AiGatewayApi.GROUP)
@Version(AiGatewayApi.VERSION)
@ShortNames("aisvc")
@Categories(AIGateway.CATEGORY)
@AdditionalPrinterColumn(name = "Upstream", jsonPath = ".spec.upstreamRef.name")
@AdditionalPrinterColumn(name = "Resolved", jsonPath = ".status.conditions[?(@.type==\"ResolvedRefs\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class AIService extends CustomResource<AIServiceSpec, AIServiceStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Desired state of the AIService: the AIUpstream it sends traffic to.")
    public AIServiceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state of the AIService, written by the operator.")
    public AIServiceStatus getStatus() {
        return super.getStatus();
    }
}
