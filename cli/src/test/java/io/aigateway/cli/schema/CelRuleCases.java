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

    /** Keyed by {@link #key}. */
    static final Map<String, Case> CASES = Map.of(
            "AIUpstream spec.targets: target names must be unique within an upstream",
            new Case("[{name: a, provider: openai}, {name: b, provider: openai}]",
                    "[{name: a, provider: openai}, {name: b, provider: openai}, {name: a, provider: openai}]"),
            "AIUpstream spec.targets[*]: set baseUrl or host, not both",
            new Case("{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1'}",
                    "{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1', host: api.openai.com}"),
            "AIUpstream spec.targets[*]: port and protocol go with host",
            new Case("{name: a, provider: openai, host: api.openai.com, port: 443, protocol: https}",
                    "{name: a, provider: openai, baseUrl: 'https://api.openai.com/v1', port: 443}"),
            "AIUpstream spec.targets[*]: an openai-compatible target needs baseUrl or host",
            new Case("{name: a, provider: openai-compatible, host: vllm.ml.svc}",
                    "{name: a, provider: openai-compatible}"),
            "AIUpstream spec.targets[*]: an azure target needs baseUrl (https://<resource>.openai.azure.com) or host",
            new Case("{name: a, provider: azure, baseUrl: 'https://x.openai.azure.com'}",
                    "{name: a, provider: azure}"),
            "AIUpstream spec.targets[*].credentials: set one of apiKey, header, aws or azure",
            new Case("{apiKey: {name: keys, key: openai}}",
                    "{apiKey: {name: keys, key: openai}, aws: {region: us-east-1,"
                            + " accessKeyId: {name: aws, key: id}, secretAccessKey: {name: aws, key: secret}}}"),
            "AIUpstream spec.modelRoutes: each model may have one route",
            new Case("[{model: gpt-4, targets: [openai]}, {model: default, targets: [openai]}]",
                    "[{model: gpt-4, targets: [openai]}, {model: gpt-4, targets: [anthropic]}]"),
            "AIUpstream spec.modelMapping: each model may be mapped once",
            new Case("[{model: gpt-4, targets: {openai: gpt-4-turbo}}, {model: fast, targets: {openai: gpt-4o-mini}}]",
                    "[{model: fast, targets: {openai: gpt-4o-mini}}, {model: fast, targets: {openai: gpt-4o}}]"),
            "AIUpstream spec.targets[*].rateLimit: set at least one of requestsPerMinute, tokensPerMinute, "
                    + "concurrentRequests",
            new Case("{concurrentRequests: 4}", "{}"));

    private CelRuleCases() {
    }

    /** {@code Kind path: message}, for example {@code AIUpstream spec.targets[*]: set baseUrl or host, not both}. */
    static String key(ResourceValidator.Rule rule) {
        return rule.kind() + " " + rule.path() + ": " + rule.message();
    }
}
