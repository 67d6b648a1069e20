package io.aigateway.operator.compiler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks that a Secret value is a Google Cloud service account's JSON key before the proxy is given it, so that a
 * wrong file (an OAuth client, user credentials, a bare PEM) is named at compile time and not as failed requests.
 * What it reports never quotes the value.
 */
final class ServiceAccountKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceAccountKeys() {
    }

    /** What is wrong with {@code value} as a service account key, or null when it is one. */
    static String problem(String value) {
        JsonNode key;
        try {
            key = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return "is not JSON"; // the parser's message quotes the value
        }
        if (key == null || !key.isObject()) {
            return "is not a JSON object";
        }
        if (!"service_account".equals(key.path("type").asText())) {
            return "has no \"type\": \"service_account\"";
        }
        for (String field : new String[] {"client_email", "private_key"}) {
            if (key.path(field).asText().isBlank()) {
                return "has no " + field;
            }
        }
        return null;
    }
}
