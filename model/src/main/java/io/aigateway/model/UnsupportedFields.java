package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an upstream does with a request field none of its able targets' APIs can honour. */
public enum UnsupportedFields {
    /** Only targets that honour every field serve the request; with none, the client gets a 400 naming the field. */
    @JsonProperty("refuse") REFUSE,
    /** Any target serves it, leaving out what it cannot honour; the answer names the fields left out. */
    @JsonProperty("drop") DROP
}
