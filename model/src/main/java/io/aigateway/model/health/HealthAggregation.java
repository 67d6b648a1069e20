package io.aigateway.model.health;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pure rules of reported health: how a replica's report joins the others, when a report expires, and how the
 * reports add up to one verdict per target.
 *
 * <p>Aggregate rule: a target is unhealthy when a strict majority of the replicas with an unexpired report on it
 * see it unhealthy; a tie counts as healthy, since a proxy keeps sending to a target as long as it can. A target no
 * replica reports on counts as healthy: passive health learns only from requests, so it has no evidence against it.
 */
public final class HealthAggregation {

    /**
     * How old a replica's report may get, in seconds: past it the report no longer counts in the aggregate, and is
     * dropped by the next replica that writes, or by the operator when it comes first. The proxies renew their
     * reports well within it.
     */
    public static final long REPORT_TTL_SECONDS = 180;
    /** {@link #REPORT_TTL_SECONDS} as a duration. */
    public static final Duration REPORT_TTL = Duration.ofSeconds(REPORT_TTL_SECONDS);

    private HealthAggregation() {
    }

    /**
     * The upstream's health once {@code mine} replaces the previous report of the same replica: reports older than
     * {@code ttl} are dropped, and the aggregate is computed afresh over {@code configuredTargets}.
     *
     * @param current what the status holds now; null when nothing was reported yet
     * @param configuredTargets the upstream's target names in the writer's routing config; reports on other
     *     targets (from replicas on an older config) stay in their replica's entry but are not aggregated
     */
    public static UpstreamHealth merge(UpstreamHealth current, ReplicaReport mine, List<String> configuredTargets,
            Instant now, Duration ttl) {
        List<ReplicaReport> replicas = new ArrayList<>();
        for (ReplicaReport other : current == null ? List.<ReplicaReport>of() : current.replicas()) {
            if (other.name() != null && !other.name().equals(mine.name()) && isFresh(other, now, ttl)) {
                replicas.add(other);
            }
        }
        replicas.add(mine);
        replicas.sort(Comparator.comparing(ReplicaReport::name));
        return new UpstreamHealth(replicas, aggregate(replicas, configuredTargets, now, ttl));
    }

    /** Whether one of the upstream's reports is older than {@code ttl}, or has no readable time. */
    public static boolean hasExpiredReports(UpstreamHealth health, Instant now, Duration ttl) {
        return health.replicas().stream().anyMatch(r -> !isFresh(r, now, ttl));
    }

    /**
     * The upstream's health without the reports older than {@code ttl}, the aggregate computed afresh over the same
     * targets (those of the routing config of the replicas that wrote it); empty when no report is left, since an
     * aggregate over no report would only repeat that no replica has evidence against any target.
     */
    public static Optional<UpstreamHealth> withoutExpired(UpstreamHealth health, Instant now, Duration ttl) {
        List<ReplicaReport> fresh = health.replicas().stream().filter(r -> isFresh(r, now, ttl)).toList();
        if (fresh.isEmpty()) {
            return Optional.empty();
        }
        List<String> targets = health.targets().stream().map(TargetAggregate::name).toList();
        return Optional.of(new UpstreamHealth(fresh, aggregate(fresh, targets, now, ttl)));
    }

    /** When the first of the upstream's unexpired reports expires; empty when none is left. */
    public static Optional<Instant> firstExpiry(UpstreamHealth health, Instant now, Duration ttl) {
        return health.replicas().stream()
                .flatMap(r -> parse(r.lastReportTime()).stream())
                .map(at -> at.plus(ttl))
                .filter(expiry -> expiry.isAfter(now))
                .min(Instant::compareTo);
    }

    /** One verdict per configured target, sorted by name, over the unexpired reports. */
    public static List<TargetAggregate> aggregate(List<ReplicaReport> replicas, List<String> configuredTargets,
            Instant now, Duration ttl) {
        List<ReplicaReport> fresh = replicas.stream().filter(r -> isFresh(r, now, ttl)).toList();
        return configuredTargets.stream().distinct().sorted().map(target -> {
            List<TargetReport> views = fresh.stream()
                    .flatMap(r -> r.targets().stream().filter(t -> target.equals(t.name())).limit(1))
                    .toList();
            List<TargetReport> unhealthy = views.stream().filter(t -> !t.healthy()).toList();
            return new TargetAggregate(target, unhealthy.size() * 2 <= views.size(), unhealthy.size(), views.size(),
                    commonestReason(unhealthy).orElse(null));
        }).toList();
    }

    /** Whether the report is younger than {@code ttl}; one without a readable time never is. */
    public static boolean isFresh(ReplicaReport report, Instant now, Duration ttl) {
        return parse(report.lastReportTime()).map(at -> at.plus(ttl).isAfter(now)).orElse(false);
    }

    /** An instant as the status shows it: RFC 3339 in UTC, to the second, like Kubernetes' own timestamps. */
    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An RFC 3339 time; empty when absent or unreadable. */
    public static Optional<Instant> parse(String rfc3339) {
        if (rfc3339 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commonestReason(List<TargetReport> unhealthy) {
        Map<String, Long> counts = unhealthy.stream().filter(t -> t.reason() != null)
                .collect(Collectors.groupingBy(TargetReport::reason, TreeMap::new, Collectors.counting()));
        // TreeMap order plus max keeping the first of equals: the alphabetically first wins a tie.
        return counts.entrySet().stream()
                .reduce((best, next) -> next.getValue() > best.getValue() ? next : best)
                .map(Map.Entry::getKey);
    }
}
