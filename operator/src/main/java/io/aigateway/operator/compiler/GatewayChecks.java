package io.aigateway.operator.compiler;

import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.ClientTimeouts;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.UsageLimits;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewaySpec;
import io.aigateway.operator.api.v1alpha1.ClientKeyHeaderSpec;
import io.aigateway.operator.api.v1alpha1.ClientTimeoutsSpec;
import io.aigateway.operator.status.Reason;
import java.util.List;
import java.util.regex.Pattern;

/** Checks an AIGateway's own spec. */
final class GatewayChecks {

    /** Where clients put their key unless the gateway says otherwise: the OpenAI and the Anthropic way. */
    static final List<ClientKeyHeader> DEFAULT_CLIENT_KEY_HEADERS = List.of(
            new ClientKeyHeader("Authorization", "Bearer"), new ClientKeyHeader("x-api-key", null));

    private static final Pattern HOSTNAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final long MIN_BODY_LIMIT = 1024;
    private static final long MAX_BODY_LIMIT = 100L * 1024 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private GatewayChecks() {
    }

    /** @param snapshot where the rate-limit store's Secrets are read from */
    static List<Diagnostic> check(AIGateway gateway, Snapshot snapshot) {
        Findings findings = new Findings(ResourceRef.of(gateway));
        AIGatewaySpec spec = spec(gateway);
        for (String hostname : spec.getHostnames()) {
            if (hostname == null || hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches()) {
                findings.invalid(Reason.INVALID_HOSTNAME, "hostname '" + hostname + "' must be a lower-case DNS "
                        + "name, optionally starting with '*.'");
            }
        }
        for (ClientKeyHeaderSpec header : spec.getClientKeyHeaders()) {
            if (header.getName() == null || !TOKEN.matcher(header.getName()).matches()) {
                findings.invalid(Reason.INVALID_CLIENT_KEY_HEADER, "clientKeyHeaders: '" + header.getName()
                        + "' is not a valid header name");
            } else if (header.getScheme() != null && !TOKEN.matcher(header.getScheme()).matches()) {
                findings.invalid(Reason.INVALID_CLIENT_KEY_HEADER, "clientKeyHeaders: scheme '"
                        + header.getScheme() + "' of header " + header.getName() + " must be one word, like Bearer");
            }
        }
        Long limit = spec.getMaxRequestBodyBytes();
        if (limit != null && (limit < MIN_BODY_LIMIT || limit > MAX_BODY_LIMIT)) {
            findings.invalid(Reason.INVALID_BODY_LIMIT, "maxRequestBodyBytes must be between " + MIN_BODY_LIMIT
                    + " and " + MAX_BODY_LIMIT + ", was " + limit);
        }
        clientTimeouts(spec.getClientTimeouts(), findings);
        Quotas.limits("spec.defaultKeyLimits", spec.getDefaultKeyLimits(), findings);
        RateLimitStoreCompiler.compile(gateway, snapshot, findings);
        return findings.toList();
    }

    /** The limits of the gateway's keys that set none; null for none. */
    static UsageLimits defaultKeyLimits(AIGateway gateway) {
        return Quotas.limits("spec.defaultKeyLimits", spec(gateway).getDefaultKeyLimits(),
                new Findings(ResourceRef.of(gateway)));
    }

    /** The gateway's client timeouts, defaults for those it leaves out; null when one is out of range. */
    static ClientTimeouts clientTimeouts(AIGateway gateway) {
        return clientTimeouts(spec(gateway).getClientTimeouts(), new Findings(ResourceRef.of(gateway)));
    }

    private static ClientTimeouts clientTimeouts(ClientTimeoutsSpec spec, Findings findings) {
        if (spec == null) {
            return ClientTimeouts.DEFAULTS;
        }
        int before = findings.size();
        Reason invalid = Reason.INVALID_CLIENT_TIMEOUTS;
        int head = findings.millis(invalid, "clientTimeouts.requestHeadSeconds", spec.getRequestHeadSeconds(), 300,
                ClientTimeouts.DEFAULTS.requestHeadMillis());
        int body = findings.millis(invalid, "clientTimeouts.requestBodySeconds", spec.getRequestBodySeconds(),
                3600, ClientTimeouts.DEFAULTS.requestBodyMillis());
        int idle = findings.millis(invalid, "clientTimeouts.idleSeconds", spec.getIdleSeconds(), 3600,
                ClientTimeouts.DEFAULTS.idleMillis());
        return findings.size() > before ? null : new ClientTimeouts(head, body, idle);
    }

    static long maxRequestBodyBytes(AIGateway gateway) {
        Long limit = spec(gateway).getMaxRequestBodyBytes();
        return limit == null ? RoutingConfig.DEFAULT_MAX_REQUEST_BODY_BYTES : limit;
    }

    static List<ClientKeyHeader> clientKeyHeaders(AIGateway gateway) {
        List<ClientKeyHeaderSpec> headers = spec(gateway).getClientKeyHeaders();
        if (headers.isEmpty()) {
            return DEFAULT_CLIENT_KEY_HEADERS;
        }
        return headers.stream().map(h -> new ClientKeyHeader(h.getName(), h.getScheme())).toList();
    }

    static List<String> hostnames(AIGateway gateway) {
        return spec(gateway).getHostnames().stream().distinct().sorted().toList();
    }

    private static AIGatewaySpec spec(AIGateway gateway) {
        return gateway.getSpec() == null ? new AIGatewaySpec() : gateway.getSpec();
    }
}
