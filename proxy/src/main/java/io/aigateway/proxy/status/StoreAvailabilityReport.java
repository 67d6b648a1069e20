package io.aigateway.proxy.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.usage.StoreReplicaReport;
import io.aigateway.model.usage.StoreReports;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's entry in its AIGateway's {@code status.rateLimitStore}: whether it reaches the shared store, written
 * when that flips, when the entry is missing, and every {@code renew} so that it does not expire. The operator turns
 * the entries into the {@code RateLimitStoreAvailable} condition. The entries also tell the replicas which of them
 * are alive: {@link KeyUsageReporter} shares the keys out among them.
 *
 * <p>A write reads the AIGateway, merges this entry into the others and drops the expired ones, then sends a JSON
 * patch of that one field locked on the resourceVersion read: a 409 (another replica or the operator wrote
 * meanwhile) starts over from a fresh read, a bounded number of times, as {@link HealthReporter} does. Used on the
 * reporter's own thread only: the Kubernetes client blocks.
 */
final class StoreAvailabilityReport {

    static final ResourceDefinitionContext AI_GATEWAYS = new ResourceDefinitionContext.Builder()
            .withGroup(AiGatewayApi.GROUP).withVersion(AiGatewayApi.VERSION).withKind(AiGatewayApi.AI_GATEWAY_KIND)
            .withPlural(AiGatewayApi.AI_GATEWAY_PLURAL).withNamespaced(true).build();

    private static final Logger LOG = LoggerFactory.getLogger(StoreAvailabilityReport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PatchContext PATCH = new PatchContext.Builder().withPatchType(PatchType.JSON)
            .withFieldManager(HealthReporter.FIELD_MANAGER).build();

    private final KubernetesClient client;
    private final String namespace;
    private final String gateway;
    private final String replica;
    private final Duration renew;
    private final int maxAttempts;
    private Boolean reported;
    private Instant reportedAt;

    StoreAvailabilityReport(KubernetesClient client, String namespace, String gateway, String replica, Duration renew,
            int maxAttempts) {
        this.client = client;
        this.namespace = namespace;
        this.gateway = gateway;
        this.replica = replica;
        this.renew = renew;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Reports {@code available} if due, and returns the names of the replicas with a live entry, this one
     * included; empty when the AIGateway could not be read (the caller then acts as if alone).
     */
    Optional<List<String>> report(boolean available, Instant now) {
        try {
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                GenericKubernetesResource current = client.genericKubernetesResources(AI_GATEWAYS)
                        .inNamespace(namespace).withName(gateway).get();
                if (current == null) {
                    return Optional.empty();
                }
                StoreReports read = reportsOf(current);
                boolean listed = read.live(now, HealthAggregation.REPORT_TTL).stream()
                        .anyMatch(r -> r.name().equals(replica));
                boolean due = reported == null || reported != available || !listed
                        || !now.isBefore(reportedAt.plus(renew));
                if (!due) {
                    return Optional.of(names(read, now));
                }
                StoreReports merged = read.merge(new StoreReplicaReport(replica, HealthAggregation.format(now),
                        available), now, HealthAggregation.REPORT_TTL);
                try {
                    client.genericKubernetesResources(AI_GATEWAYS).inNamespace(namespace).resource(current)
                            .subresource("status").patch(PATCH, merged.patch(current.getMetadata()
                                    .getResourceVersion(), current.getAdditionalProperties().get("status")
                                    instanceof Map));
                } catch (KubernetesClientException e) {
                    if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                        continue;
                    }
                    throw e;
                }
                if (reported == null || reported != available) {
                    LOG.info("Reported to AIGateway {}/{} as replica {}: rate-limit store {}", namespace, gateway,
                            replica, available ? "reachable" : "unreachable");
                }
                reported = available;
                reportedAt = now;
                return Optional.of(names(merged, now));
            }
            LOG.warn("Rate-limit store availability not reported to AIGateway {}/{}: {} conflicting writes in a row; "
                    + "trying again at the next poll", namespace, gateway, maxAttempts);
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warn("Rate-limit store availability not reported to AIGateway {}/{}: {} {}; trying again at the next "
                    + "poll", namespace, gateway, e.getCode(),
                    e.getStatus() == null ? e.getClass().getSimpleName() : e.getStatus().getReason());
            return Optional.empty();
        }
    }

    private List<String> names(StoreReports reports, Instant now) {
        Set<String> names = reports.live(now, HealthAggregation.REPORT_TTL).stream().map(StoreReplicaReport::name)
                .collect(Collectors.toCollection(TreeSet::new));
        names.add(replica);
        return List.copyOf(names);
    }

    private static StoreReports reportsOf(GenericKubernetesResource gateway) {
        Object status = gateway.getAdditionalProperties().get("status");
        Object reports = status instanceof Map<?, ?> fields ? fields.get("rateLimitStore") : null;
        try {
            return reports == null ? StoreReports.EMPTY : JSON.convertValue(reports, StoreReports.class);
        } catch (IllegalArgumentException e) {
            // Unreadable entries are replaced: the next writes rebuild them.
            return StoreReports.EMPTY;
        }
    }
}
