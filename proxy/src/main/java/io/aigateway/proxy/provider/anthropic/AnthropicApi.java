package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Constants of the Anthropic Messages API and the mapper its wire types are read with. */
public final class AnthropicApi {

    /** The operation path under the endpoint's base path ({@code /v1} for api.anthropic.com). */
    public static final String MESSAGES_PATH = "/messages";
    public static final String VERSION_HEADER = "anthropic-version";
    /** The API version the translators write requests for and read answers as. */
    public static final String VERSION = "2023-06-01";

    /** Reads Anthropic wire types; unknown fields are ignored, as Anthropic adds fields within a version. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AnthropicApi() {
    }
}
