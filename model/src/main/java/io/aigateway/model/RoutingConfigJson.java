package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of {@link RoutingConfig}, shared by the operator that writes it and the proxy that reads it.
 * Output is deterministic (map keys sorted, nulls left out) so that equal configs serialise to equal bytes.
 */
public final class RoutingConfigJson {

    /** The ConfigMap data key that holds the JSON. */
    public static final String CONFIG_MAP_KEY = "routing.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // An older proxy must refuse a config whose fields it does not understand.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private RoutingConfigJson() {
    }

    public static String write(RoutingConfig config) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("routing config could not be serialised", e);
        }
    }

    /**
     * Parses and validates a routing config.
     *
     * @throws InvalidRoutingConfigException with a message naming what is wrong
     */
    public static RoutingConfig read(String json) {
        try {
            return MAPPER.readValue(json, RoutingConfig.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRoutingConfigException(e.getOriginalMessage(), e);
        }
    }

    /** A routing config that cannot be used: malformed, of an unknown schema version, or failing a check. */
    public static final class InvalidRoutingConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRoutingConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
