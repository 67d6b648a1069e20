package io.aigateway.cli.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.operator.compiler.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One document of an input file that is one of our resources or a Secret.
 *
 * @param source where it came from, for messages: {@code samples/x.yaml#2} (document index from 1)
 * @param raw the document as parsed, with its namespace filled in; what the schema check reads
 * @param resource the typed resource, or null when the document does not map onto its class (the schema check
 *     says why)
 */
public record LoadedResource(ResourceRef ref, String source, JsonNode raw, HasMetadata resource) {
}
