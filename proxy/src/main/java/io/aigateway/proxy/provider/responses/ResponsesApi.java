package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Constants of the OpenAI Responses API and the mapper its wire types are read with. */
public final class ResponsesApi {

    /** The operation path under the endpoint's base path ({@code /v1} for api.openai.com). */
    public static final String RESPONSES_PATH = "/responses";

    /** The {@code providerOptions} key and value that make an {@code openai} target speak this API. */
    public static final String API_OPTION = "api";
    public static final String API_RESPONSES = "responses";

    /** Reads Responses wire types; unknown fields are ignored. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ResponsesApi() {
    }
}
