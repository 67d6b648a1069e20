package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.status.Reason;
import java.util.List;

/** Checks AIServices: a known type and an upstream that exists. */
final class ServiceChecks {

    private ServiceChecks() {
    }

    static List<Diagnostic> check(AIService service, Snapshot snapshot) {
        Findings findings = new Findings(ResourceRef.of(service));
        String type = service.getSpec() == null ? null : service.getSpec().getType();
        if (type != null && !"upstream".equals(type)) {
            findings.invalid(Reason.UNKNOWN_SERVICE_TYPE, "spec.type '" + type + "' is not known; the only type "
                    + "is 'upstream'");
        }
        String upstream = upstreamName(service);
        if (upstream == null) {
            findings.invalid(Reason.UPSTREAM_NOT_FOUND, "spec.upstreamRef.name is required");
        } else if (snapshot.upstreams().stream().noneMatch(u -> u.getMetadata().getName().equals(upstream))) {
            findings.unresolved(Reason.UPSTREAM_NOT_FOUND, "AIUpstream '" + upstream + "' "
                    + snapshot.absence("AIUpstream", upstream));
        }
        return findings.toList();
    }

    static String upstreamName(AIService service) {
        return service.getSpec() == null || service.getSpec().getUpstreamRef() == null ? null
                : service.getSpec().getUpstreamRef().getName();
    }
}
