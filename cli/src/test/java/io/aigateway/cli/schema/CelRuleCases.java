package io.aigateway.cli.schema;

import java.util.Map;

/**
 * A passing and a failing value for every CEL rule of the CRDs, read by {@link CelRulesTest} (our evaluator, offline)
 * and by {@link CrdValidationIT} (the API server). Each value is what the rule sees as {@code self}, and is valid
 * against the schema around the rule: the API server evaluates no rule of an object that breaks a required, enum,
 * type or size constraint.
 */
final class CelRuleCases {

    /** Passing and failing {@code self}, in YAML. */
    record Case(String passing, String failing) {
    }

    private static final String SOME_LIMIT =
            "set at least one of requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth";

    /** Keyed by {@link #key}. */
    static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry("AIUpstream spec.targets: target names must be unique within an upstream",
                    new Case("[{name: a, provider: openai}, {name: b, provider: openai}]",
                            "[{name: a, provider: openai}, {name: b, provider: openai}, {name: a, provider: openai}]")),
            Map.entry("AIUpstream spec.targets[*]: set baseUrl or host, not both",
                    new Case("{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1'}",
                            "{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1', host: api.openai.com}")),
            Map.entry("AIUpstream spec.targets[*]: port and protocol go with host",
                    new Case("{name: a, provider: openai, host: api.openai.com, port: 443, protocol: https}",
                            "{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1', port: 443}")),
            Map.entry("AIUpstream spec.targets[*]: an openai-compatible target needs baseUrl or host",
                    new Case("{name: a, provider: openai-compatible, host: vllm.ml.svc}",
                            "{name: a, provider: openai-compatible}")),
            Map.entry("AIUpstream spec.targets[*]: an azure target needs baseUrl "
                            + "(https://<resource>.openai.azure.com) or host",
                    new Case("{name: a, provider: azure, baseUrl: 'https://x.openai.azure.com'}",
                            "{name: a, provider: azure}")),
            Map.entry("AIUpstream spec.targets[*].credentials: set one of apiKey, header, aws, azure or vertex",
                    new Case("{vertex: {serviceAccountKey: {name: gcp, key: sa.json}, projectId: my-project,"
                            + " location: us-central1}}",
                            "{apiKey: {name: keys, key: openai}, vertex: {serviceAccountKey: {name: gcp, key: sa.json},"
                                    + " projectId: my-project, location: us-central1}}")),
            Map.entry("AIUpstream spec.modelRoutes: each model may have one route",
                    new Case("[{model: gpt-4, targets: [openai]}, {model: default, targets: [openai]}]",
                            "[{model: gpt-4, targets: [openai]}, {model: gpt-4, targets: [anthropic]}]")),
            Map.entry("AIUpstream spec.modelMapping: each model may be mapped once",
                    new Case("[{model: gpt-4, targets: {openai: gpt-4-turbo}},"
                            + " {model: fast, targets: {openai: gpt-4o-mini}}]",
                            "[{model: fast, targets: {openai: gpt-4o-mini}}, {model: fast, targets: {openai: gpt-4o}}]")),
            Map.entry("AIUpstream spec.targets[*].rateLimit: set at least one of requestsPerMinute, tokensPerMinute, "
                            + "concurrentRequests",
                    new Case("{concurrentRequests: 4}", "{}")),
            Map.entry("AIKey spec.limits: " + SOME_LIMIT, new Case("{tokensPerDay: 1000000}", "{}")),
            Map.entry("AIRule spec.limits: " + SOME_LIMIT, new Case("{requestsPerMinute: 600}", "{}")),
            Map.entry("AIGateway spec.defaultKeyLimits: " + SOME_LIMIT, new Case("{tokensPerMonth: 20000000}", "{}")),
            Map.entry("AIKey spec.budget: amount must be more than 0, for example \"25.00\"",
                    new Case("{amount: '0.01', period: day}", "{amount: '0.00', period: month}")),
            Map.entry("AIGateway spec.rateLimitStore: a redis store needs an address, for example "
                            + "redis://redis.default.svc:6379",
                    new Case("{type: redis, address: 'redis://redis:6379'}", "{type: redis}")),
            Map.entry("AIGateway spec.rateLimitStore: address, database, username, usernameSecretRef, "
                            + "passwordSecretRef, failMode and timeoutMillis apply to type redis only",
                    new Case("{type: local}", "{type: local, address: 'redis://redis:6379'}")),
            Map.entry("AIGateway spec.rateLimitStore: set username or usernameSecretRef, not both",
                    new Case("{type: redis, address: 'redis://r', username: gw, passwordSecretRef: {name: r, key: p}}",
                            "{type: redis, address: 'redis://r', username: gw, usernameSecretRef: {name: r, key: u},"
                                    + " passwordSecretRef: {name: r, key: p}}")),
            Map.entry("AIGateway spec.rateLimitStore: a Redis ACL user needs passwordSecretRef",
                    new Case("{type: redis, address: 'redis://r', usernameSecretRef: {name: r, key: u},"
                            + " passwordSecretRef: {name: r, key: p}}",
                            "{type: redis, address: 'redis://r', usernameSecretRef: {name: r, key: u}}")));

    private CelRuleCases() {
    }

    /** {@code Kind path: message}, for example {@code AIUpstream spec.targets[*]: set baseUrl or host, not both}. */
    static String key(ResourceValidator.Rule rule) {
        return rule.kind() + " " + rule.path() + ": " + rule.message();
    }
}
