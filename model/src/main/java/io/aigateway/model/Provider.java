package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The API a target speaks. */
public enum Provider {
    @JsonProperty("openai") OPENAI,
    @JsonProperty("anthropic") ANTHROPIC,
    @JsonProperty("gemini") GEMINI,
    @JsonProperty("bedrock") BEDROCK,
    @JsonProperty("azure") AZURE,
    @JsonProperty("openai-compatible") OPENAI_COMPATIBLE,
    /** Gemini models on Google Cloud Vertex AI: Gemini's API under a project and location, OAuth tokens. */
    @JsonProperty("vertex") VERTEX
}
