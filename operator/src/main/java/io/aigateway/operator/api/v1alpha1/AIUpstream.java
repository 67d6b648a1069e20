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
 * A set of AI provider targets and how requests are spread across them: an algorithm within priority tiers,
 * failover to lower tiers, and passive health checks.
 */
@Group(AiGatewayApi.GROUP)
@Version(AiGatewayApi.VERSION)
@ShortNames("aiup")
@Categories(AIGateway.CATEGORY)
@AdditionalPrinterColumn(name = "Algorithm", jsonPath = ".spec.algorithm")
@AdditionalPrinterColumn(name = "Targets", jsonPath = ".status.targetCount",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.healthy")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status",
        priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class AIUpstream extends CustomResource<AIUpstreamSpec, AIUpstreamStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Desired state of the AIUpstream: its targets and how requests are spread across them.")
    public AIUpstreamSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state of the AIUpstream: conditions from the operator, target health from "
            + "the proxies.")
    public AIUpstreamStatus getStatus() {
        return super.getStatus();
    }
}
