package io.aigateway.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aigateway.model.health.HealthAggregation;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The proxies' reports of whether they reach the gateway's shared rate-limit store: an AIGateway's
 * {@code status.rateLimitStore}, written by the proxy replicas (one entry each), read by the operator for the
 * {@code RateLimitStoreAvailable} condition and by the replicas to know which of them are alive (each reports the
 * usage of the keys it owns among them). An entry counts while it is younger than {@link HealthAggregation#REPORT_TTL}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoreReports(
        @JsonPropertyDescription("One entry per proxy replica, by name.")
        List<StoreReplicaReport> replicas) {

    public static final StoreReports EMPTY = new StoreReports(List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public StoreReports {
        replicas = replicas == null ? List.of() : replicas.stream().filter(Objects::nonNull).toList();
    }

    /** {@code mine} in place of its replica's entry, the others' expired entries dropped, sorted by name. */
    public StoreReports merge(StoreReplicaReport mine, Instant now, Duration ttl) {
        return new StoreReports(Stream.concat(live(now, ttl).stream().filter(r -> !r.name().equals(mine.name())),
                Stream.of(mine)).sorted(Comparator.comparing(StoreReplicaReport::name)).toList());
    }

    /** The entries younger than {@code ttl}. */
    public List<StoreReplicaReport> live(Instant now, Duration ttl) {
        return replicas.stream().filter(r -> HealthAggregation.parse(r.lastReportTime())
                .map(at -> at.plus(ttl).isAfter(now)).orElse(false)).toList();
    }

    /** When the first live entry expires; empty when none is live. */
    public Optional<Instant> firstExpiry(Instant now, Duration ttl) {
        return live(now, ttl).stream().map(r -> HealthAggregation.parse(r.lastReportTime()).orElseThrow().plus(ttl))
                .min(Comparator.naturalOrder());
    }

    /** Whether the entries say the same of the same replicas, whenever they were written. */
    public boolean sameViews(StoreReports other) {
        return views().equals(other.views());
    }

    private List<String> views() {
        return replicas.stream().map(r -> r.name() + "=" + r.available()).sorted().toList();
    }

    /**
     * The JSON patch (RFC 6902) of the status subresource that sets {@code status.rateLimitStore} to these reports,
     * and nothing else. It carries the resourceVersion its writer read: the API server answers 409 when the
     * AIGateway changed since, and the writer starts over from a fresher read, so no replica's entry is lost.
     *
     * @param hasStatus whether the AIGateway read has a status; without one, the patch adds it first
     */
    public String patch(String resourceVersion, boolean hasStatus) {
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        if (!hasStatus) {
            ops.addObject().put("op", "add").put("path", "/status").putObject("value");
        }
        ops.addObject().put("op", "add").put("path", "/status/rateLimitStore").set("value", JSON.valueToTree(this));
        return ops.toString();
    }
}
