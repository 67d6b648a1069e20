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
 * A client API key accepted by an AIGateway. The key itself lives in a Secret: either one you name in secretRef,
 * or one the operator generates once as <name>-client-key (key 'key').
 */
@Group(AiGatewayApi.GROUP)
@Version(AiGatewayApi.VERSION)
@ShortNames("aikey")
@Categories(AIGateway.CATEGORY)
@AdditionalPrinterColumn(name = "Gateway", jsonPath = ".spec.gatewayRef.name")
@AdditionalPrinterColumn(name = "Secret", jsonPath = ".status.secretName")
@AdditionalPrinterColumn(name = "Fingerprint", jsonPath = ".status.fingerprint")
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".spec.expiresAt")
// Tokens of the current UTC day, from the proxies' reports: blank until a proxy reported.
@AdditionalPrinterColumn(name = "Used Today", jsonPath = ".status.usage.day.tokens",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
public class AIKey extends CustomResource<AIKeySpec, AIKeyStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    @Override
    @JsonPropertyDescription("Desired state of the AIKey: its gateway, where the key lives, and when it expires.")
    public AIKeySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state of the AIKey, written by the operator. Never holds the key.")
    public AIKeyStatus getStatus() {
        return super.getStatus();
    }
}
