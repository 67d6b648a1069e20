package io.aigateway.operator.compiler;

import io.aigateway.model.RoutingConfig;
import java.util.SortedMap;

/**
 * What one gateway compiles to.
 *
 * @param configJson the routing config as written into the ConfigMap, byte for byte
 * @param credentials entry name to value, for the credentials Secret; the only place credential values go
 * @param fits false when the ConfigMap or Secret would exceed what Kubernetes stores in one object, in which case
 *     nothing must be written and the gateway carries a ConfigTooLarge diagnostic
 */
public record CompiledGateway(String gateway, RoutingConfig config, String configJson,
        SortedMap<String, String> credentials, boolean fits) {

    @Override
    public String toString() {
        // Never print credential values.
        return "CompiledGateway[" + gateway + " revision " + config.revision() + ", " + credentials.size()
                + " credential entries]";
    }
}
