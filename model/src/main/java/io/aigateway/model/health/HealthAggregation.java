package io.aigateway.model.health;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pure rules of reported health: how a replica's report joins the others, when a replica's reports expire, and
 * how the reports add up to one verdict per target.
 *
 * <p>Aggregate rule: a target is unhealthy when a strict majority of the replicas with a report on it see it
 * unhealthy; a tie counts as healthy, since a proxy keeps sending to a target as long as it can. A target no replica
 * reports on counts as healthy: passive health learns only from requests, so it has no evidence against it.
 *
 * <p>Expiry is per replica, not per report: a replica writes a report only when it changes, so a report may be old
 * and still hold. A replica is live while its latest write on any upstream of the namespace is younger than the
 * {@link #REPORT_TTL}; every replica writes at least one of its reports again within each renewal interval, so that
 * one write a minute keeps all its reports. The operator, which sees every upstream, drops the reports of replicas
 * that are no longer live; a writer, which sees one upstream, keeps every report it finds.
 */
public final class HealthAggregation {

    /**
     * How long after its latest write on any upstream a replica's reports stop counting, in seconds: past it the
     * operator drops them. The proxies write at least once a renewal interval, well within it.
     */
    public static final long REPORT_TTL_SECONDS = 180;
    /** {@link #REPORT_TTL_SECONDS} as a duration. */
    public static final Duration REPORT_TTL = Duration.ofSeconds(REPORT_TTL_SECONDS);

    private HealthAggregation() {
    }

    /**
     * The upstream's health once {@code mine} replaces the previous report of the same replica; the others are
     * kept as they are (whether their replicas are live is the operator's to tell), and the aggregate is computed
     * afresh over {@code configuredTargets}.
     *
     * @param current what the status holds now; null when nothing was reported yet
     * @param configuredTargets the upstream's target names in the writer's routing config; reports on other
     *     targets (from replicas on an older config) stay in their replica's entry but are not aggregated
     */
    public static UpstreamHealth merge(UpstreamHealth current, ReplicaReport mine, List<String> configuredTargets) {
        List<ReplicaReport> replicas = new ArrayList<>();
        for (ReplicaReport other : current == null ? List.<ReplicaReport>of() : current.replicas()) {
            if (other.name() != null && !other.name().equals(mine.name())) {
                replicas.add(other);
            }
        }
        replicas.add(mine);
        replicas.sort(Comparator.comparing(ReplicaReport::name));
        return new UpstreamHealth(replicas, aggregate(replicas, configuredTargets));
    }

    /**
     * When each replica last wrote, as far as the given upstreams tell: the latest {@code lastReportTime} of its
     * reports on any of them.
     */
    public static Map<String, Instant> lastWrites(Collection<UpstreamHealth> upstreams) {
        Map<String, Instant> latest = new HashMap<>();
        for (UpstreamHealth health : upstreams) {
            for (ReplicaReport report : health.replicas()) {
                if (report.name() != null) {
                    parse(report.lastReportTime()).ifPresent(at -> latest.merge(report.name(), at,
                            (a, b) -> a.isAfter(b) ? a : b));
                }
            }
        }
        return latest;
    }

    /** Whether the replica wrote within {@code ttl}; one with no readable write never did. */
    public static boolean isLive(String replica, Map<String, Instant> lastWrites, Instant now, Duration ttl) {
        Instant last = replica == null ? null : lastWrites.get(replica);
        return last != null && last.plus(ttl).isAfter(now);
    }

    /** Whether one of the upstream's reports is of a replica that is no longer live. */
    public static boolean hasExpiredReports(UpstreamHealth health, Map<String, Instant> lastWrites, Instant now,
            Duration ttl) {
        return health.replicas().stream().anyMatch(r -> !isLive(r.name(), lastWrites, now, ttl));
    }

    /**
     * The upstream's health without the reports of replicas no longer live, the aggregate computed afresh over the
     * same targets (those of the routing config of the replicas that wrote it); empty when no report is left, since
     * an aggregate over no report would only repeat that no replica has evidence against any target.
     */
    public static Optional<UpstreamHealth> withoutExpired(UpstreamHealth health, Map<String, Instant> lastWrites,
            Instant now, Duration ttl) {
        List<ReplicaReport> live = health.replicas().stream().filter(r -> isLive(r.name(), lastWrites, now, ttl))
                .toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        List<String> targets = health.targets().stream().map(TargetAggregate::name).toList();
        return Optional.of(new UpstreamHealth(live, aggregate(live, targets)));
    }

    /** When the first of the replicas with a report on the upstream stops being live, unless it writes again. */
    public static Optional<Instant> firstExpiry(UpstreamHealth health, Map<String, Instant> lastWrites, Instant now,
            Duration ttl) {
        return health.replicas().stream()
                .map(r -> r.name() == null ? null : lastWrites.get(r.name()))
                .filter(Objects::nonNull)
                .map(at -> at.plus(ttl))
                .filter(expiry -> expiry.isAfter(now))
                .min(Instant::compareTo);
    }

    /** One verdict per configured target, sorted by name, over the given reports. */
    public static List<TargetAggregate> aggregate(List<ReplicaReport> replicas, List<String> configuredTargets) {
        return configuredTargets.stream().distinct().sorted().map(target -> {
            List<TargetReport> views = replicas.stream()
                    .flatMap(r -> r.targets().stream().filter(t -> target.equals(t.name())).limit(1))
                    .toList();
            List<TargetReport> unhealthy = views.stream().filter(t -> !t.healthy()).toList();
            return new TargetAggregate(target, unhealthy.size() * 2 <= views.size(), unhealthy.size(), views.size(),
                    commonestReason(unhealthy).orElse(null));
        }).toList();
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
