package io.aigateway.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a client key used in its current windows, against its limits and budget. Written by the proxies into the
 * AIKey's {@code status.usage} every few seconds while the key is used, never per request; the operator never
 * writes it. With the shared (Redis) store every replica sees the same counters; with the local store the figures
 * are those of the replica that reported.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyUsage(
        @JsonPropertyDescription("When a proxy replica last reported this usage, RFC 3339.")
        String lastReportTime,
        @JsonPropertyDescription("The proxy replica that reported it: its pod name.")
        String reportedBy,
        @JsonPropertyDescription("The sliding minute (the last 60 s): requests and tokens against requestsPerMinute "
                + "and tokensPerMinute.")
        WindowUsage minute,
        @JsonPropertyDescription("The current UTC calendar day: tokens against tokensPerDay, spent against a daily "
                + "budget.")
        WindowUsage day,
        @JsonPropertyDescription("The current UTC calendar month: tokens against tokensPerMonth, spent against a "
                + "monthly budget.")
        WindowUsage month) {
}
