package io.aigateway.operator.compiler;

import io.aigateway.model.UsageLimits;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIRuleSpec;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.HttpMethod;
import io.aigateway.operator.status.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks AIRules: their own spec, their references, and which of two rules claiming one path keeps it. */
final class RuleChecks {

    /** Stands for "every method" in a claim. */
    private static final String ANY_METHOD = "*";

    /** Older first, by creation time (a rule not yet created is the newest), then by name. */
    static final Comparator<AIRule> PRECEDENCE = Comparator
            .comparing((AIRule rule) -> creationTime(rule), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(rule -> rule.getMetadata().getName());

    private RuleChecks() {
    }

    /**
     * @param conflicts the result of {@link #conflicts} for the rule's gateway
     */
    static List<Diagnostic> check(AIRule rule, Snapshot snapshot, Map<String, AIRule> conflicts) {
        Findings findings = new Findings(ResourceRef.of(rule));
        AIRuleSpec spec = rule.getSpec() == null ? new AIRuleSpec() : rule.getSpec();
        String syntaxError = syntaxError(spec);
        if (syntaxError != null) {
            findings.invalid(syntaxError.startsWith("path") ? Reason.INVALID_PATH : Reason.INVALID_METHOD,
                    syntaxError);
        } else {
            AIRule older = conflicts.get(rule.getMetadata().getName());
            if (older != null) {
                findings.invalid(Reason.PATH_CONFLICT, "path " + spec.getPath() + " "
                        + describeMethods(spec.getMethods()) + " is already claimed by the older AIRule "
                        + older.getMetadata().getName() + " on gateway " + gatewayName(rule)
                        + "; change the path or methods, or remove one of the two");
            }
        }
        Quotas.limits("spec.limits", spec.getLimits(), findings);
        checkReferences(rule, spec, snapshot, findings);
        return findings.toList();
    }

    /** The limits every key using the rule shares; null when it sets none (or invalid ones: see {@link #check}). */
    static UsageLimits limits(AIRule rule) {
        return rule.getSpec() == null ? null
                : Quotas.limits("spec.limits", rule.getSpec().getLimits(), new Findings(ResourceRef.of(rule)));
    }

    private static void checkReferences(AIRule rule, AIRuleSpec spec, Snapshot snapshot, Findings findings) {
        String gateway = gatewayName(rule);
        if (gateway == null) {
            findings.invalid(Reason.GATEWAY_NOT_FOUND, "spec.gatewayRef.name is required");
        } else if (snapshot.gateways().stream().noneMatch(g -> g.getMetadata().getName().equals(gateway))) {
            findings.unresolved(Reason.GATEWAY_NOT_FOUND, "AIGateway '" + gateway + "' "
                    + snapshot.absence("AIGateway", gateway));
        }
        String serviceName = spec.getServiceRef() == null ? null : spec.getServiceRef().getName();
        if (serviceName == null) {
            findings.invalid(Reason.SERVICE_NOT_FOUND, "spec.serviceRef.name is required");
            return;
        }
        AIService service = snapshot.services().stream()
                .filter(s -> s.getMetadata().getName().equals(serviceName)).findFirst().orElse(null);
        if (service == null) {
            findings.unresolved(Reason.SERVICE_NOT_FOUND, "AIService '" + serviceName + "' "
                    + snapshot.absence("AIService", serviceName));
            return;
        }
        String upstream = ServiceChecks.upstreamName(service);
        if (upstream != null && snapshot.upstreams().stream()
                .noneMatch(u -> u.getMetadata().getName().equals(upstream))) {
            findings.unresolved(Reason.UPSTREAM_NOT_FOUND, "AIService '" + serviceName + "' sends to AIUpstream '"
                    + upstream + "', which " + snapshot.absence("AIUpstream", upstream));
        }
    }

    /** What is wrong with the path or methods, or null. */
    static String syntaxError(AIRuleSpec spec) {
        String path = spec.getPath();
        if (path == null || !path.startsWith("/")) {
            return "path '" + path + "' must start with '/'";
        }
        if (path.contains("//") || path.contains("?") || path.contains("#") || path.chars().anyMatch(
                Character::isWhitespace)) {
            return "path '" + path + "' must be a plain path: no '//', '?', '#' or white space";
        }
        Set<HttpMethod> seen = EnumSet.noneOf(HttpMethod.class);
        for (HttpMethod method : spec.getMethods()) {
            if (!seen.add(method)) {
                return "method " + method + " is listed twice";
            }
        }
        return null;
    }

    /**
     * For the rules of one gateway, which rule loses a claim and to whom. Every rule with a valid path and methods
     * claims its path for each of its methods (or every method), active or not, so that deactivating a rule does
     * not hand its path to another. Older rules claim first; a rule that overlaps an earlier claim claims nothing.
     *
     * @return losing rule name to the older rule that holds the claim
     */
    static Map<String, AIRule> conflicts(List<AIRule> rules, String gateway) {
        Map<String, Map<String, AIRule>> claimsByPath = new HashMap<>();
        Map<String, AIRule> losers = new HashMap<>();
        rules.stream()
                .filter(r -> Objects.equals(gatewayName(r), gateway))
                .filter(r -> r.getSpec() != null && syntaxError(r.getSpec()) == null)
                .sorted(PRECEDENCE)
                .forEach(candidate -> {
                    Map<String, AIRule> claims = claimsByPath.computeIfAbsent(candidate.getSpec().getPath(),
                            path -> new HashMap<>());
                    List<String> methods = candidate.getSpec().getMethods().isEmpty() ? List.of(ANY_METHOD)
                            : candidate.getSpec().getMethods().stream().map(Enum::name).toList();
                    Optional<AIRule> holder = claims.entrySet().stream()
                            .filter(claim -> claim.getKey().equals(ANY_METHOD) || methods.contains(ANY_METHOD)
                                    || methods.contains(claim.getKey()))
                            .map(Map.Entry::getValue)
                            .min(PRECEDENCE);
                    if (holder.isPresent()) {
                        losers.put(candidate.getMetadata().getName(), holder.get());
                    } else {
                        methods.forEach(method -> claims.put(method, candidate));
                    }
                });
        return losers;
    }

    private static String describeMethods(List<HttpMethod> methods) {
        return methods.isEmpty() ? "(every method)"
                : methods.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static String gatewayName(AIRule rule) {
        return rule.getSpec() == null || rule.getSpec().getGatewayRef() == null ? null
                : rule.getSpec().getGatewayRef().getName();
    }

    static String serviceName(AIRule rule) {
        return rule.getSpec() == null || rule.getSpec().getServiceRef() == null ? null
                : rule.getSpec().getServiceRef().getName();
    }

    private static Instant creationTime(AIRule rule) {
        String timestamp = rule.getMetadata().getCreationTimestamp();
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
