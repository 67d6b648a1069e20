package io.aigateway.operator.compiler;

import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Cost;
import io.aigateway.model.Credentials;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.LatencyRouting;
import io.aigateway.model.Provider;
import io.aigateway.model.RateLimit;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.UnsupportedFields;
import io.aigateway.model.Upstream;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.ActiveHealthCheckSpec;
import io.aigateway.operator.api.v1alpha1.AIUpstreamSpec;
import io.aigateway.operator.api.v1alpha1.CostSpec;
import io.aigateway.operator.api.v1alpha1.CredentialsSpec;
import io.aigateway.operator.api.v1alpha1.FailoverSpec;
import io.aigateway.operator.api.v1alpha1.HealthChecksSpec;
import io.aigateway.operator.api.v1alpha1.LatencySpec;
import io.aigateway.operator.api.v1alpha1.RateLimitSpec;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import io.aigateway.operator.api.v1alpha1.TimeoutsSpec;
import io.aigateway.operator.api.v1alpha1.VertexCredentialsSpec;
import io.aigateway.operator.api.v1alpha1.VertexNames;
import io.aigateway.operator.status.Reason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks an AIUpstream and, when it passes, builds its model form and the credential entries it needs. */
final class UpstreamCompiler {

    static final int DEFAULT_WEIGHT = 1;
    static final int DEFAULT_PRIORITY = 1;
    static final HealthChecks DEFAULT_HEALTH_CHECKS = new HealthChecks(true, 3, 60);
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern WINDOW = Pattern.compile("([0-9]{1,9})([smh])");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that carry credentials; they must come from a Secret through credentials, not from the spec. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "proxy-authorization");

    /**
     * @param upstream null when the upstream has diagnostics
     * @param credentials entry name to value, for the gateway's credentials Secret
     */
    record Compiled(List<Diagnostic> diagnostics, Upstream upstream, SortedMap<String, String> credentials) {
    }

    private final AIUpstream resource;
    private final String name;
    private final Snapshot snapshot;
    private final Findings findings;
    private final SortedMap<String, String> credentials = new TreeMap<>();

    private UpstreamCompiler(AIUpstream resource, Snapshot snapshot) {
        this.resource = resource;
        this.name = resource.getMetadata().getName();
        this.snapshot = snapshot;
        this.findings = new Findings(ResourceRef.of(resource));
    }

    /** @param snapshot where the upstream's Secrets are read from */
    static Compiled compile(AIUpstream upstream, Snapshot snapshot) {
        return new UpstreamCompiler(upstream, snapshot).compile();
    }

    private Compiled compile() {
        AIUpstreamSpec spec = resource.getSpec() == null ? new AIUpstreamSpec() : resource.getSpec();
        Algorithm algorithm = algorithm(spec.getAlgorithm());
        HealthChecks healthChecks = healthChecks(spec.getHealthChecks());
        Timeouts timeouts = timeouts(spec.getTimeouts());
        int maxAttempts = maxAttempts(spec.getFailover());
        int maxConnectionsPerTarget = maxConnectionsPerTarget(spec.getMaxConnectionsPerTarget());
        UnsupportedFields unsupportedFields = unsupportedFields(spec.getUnsupportedFields());
        LatencyRouting latency = latency(algorithm, spec.getLatency());
        List<TargetSpec> targetSpecs = spec.getTargets();
        if (targetSpecs.isEmpty()) {
            findings.invalid(Reason.NO_TARGETS, "spec.targets is empty; add at least one target");
        }
        checkUniqueNames(targetSpecs);
        checkResponsesApiNotMixed(targetSpecs);
        ModelRoutes.Compiled models = ModelRoutes.compile(spec, findings);
        List<Target> targets = new ArrayList<>();
        for (TargetSpec targetSpec : targetSpecs) {
            Target target = target(targetSpec, algorithm);
            if (target != null) {
                targets.add(target);
            }
        }
        if (!findings.isEmpty()) {
            return new Compiled(findings.toList(), null, new TreeMap<>());
        }
        return new Compiled(List.of(), new Upstream(name, algorithm, healthChecks, timeouts, maxAttempts, targets,
                unsupportedFields, maxConnectionsPerTarget, models.routes(), models.mapping(),
                latency),
                credentials);
    }

    private Algorithm algorithm(String value) {
        if (value == null) {
            return Algorithm.ROUND_ROBIN;
        }
        Algorithm algorithm = Enums.parse(Algorithm.class, value);
        if (algorithm == null) {
            findings.invalid(Reason.UNKNOWN_ALGORITHM, "spec.algorithm '" + value + "' is not one of "
                    + Enums.values(Algorithm.class));
        }
        return algorithm;
    }

    /** The latency settings of a lowest-latency upstream, its defaults filled in; null for any other algorithm. */
    private LatencyRouting latency(Algorithm algorithm, LatencySpec spec) {
        if (algorithm != Algorithm.LOWEST_LATENCY) {
            if (spec != null) {
                findings.invalid(Reason.INVALID_LATENCY, "spec.latency only applies to algorithm lowest-latency, "
                        + "not " + (algorithm == null ? "this one" : Enums.spelling(algorithm))
                        + "; remove it or change the algorithm");
            }
            return null;
        }
        if (spec == null) {
            return LatencyRouting.DEFAULTS;
        }
        int before = findings.size();
        int windowSeconds = LatencyRouting.DEFAULT_WINDOW_SECONDS;
        if (spec.getWindow() != null) {
            var window = WINDOW.matcher(spec.getWindow());
            long seconds = window.matches() ? Long.parseLong(window.group(1))
                    * switch (window.group(2)) {
                        case "h" -> 3_600L;
                        case "m" -> 60L;
                        default -> 1L;
                    } : -1;
            if (seconds < LatencyRouting.MIN_WINDOW_SECONDS || seconds > LatencyRouting.MAX_WINDOW_SECONDS) {
                findings.invalid(Reason.INVALID_LATENCY, "spec.latency.window '" + spec.getWindow() + "' must be "
                        + "a number and s, m or h, from 10s to 1h, for example 5m");
            }
            windowSeconds = (int) seconds;
        }
        double percentile = spec.getPercentile() == null ? LatencyRouting.DEFAULT_PERCENTILE : spec.getPercentile();
        if (!(percentile >= LatencyRouting.MIN_PERCENTILE && percentile <= LatencyRouting.MAX_PERCENTILE)) {
            findings.invalid(Reason.INVALID_LATENCY, "spec.latency.percentile must be between 1 and 100 (95 "
                    + "is the slowest of the fastest 95% of answers), was " + number(spec.getPercentile()));
        }
        return findings.size() > before ? null : new LatencyRouting(windowSeconds, percentile);
    }

    /**
     * The target's cost, or null without one. Under lowest-cost a target without a cost is refused rather than
     * ranked somewhere: the gateway cannot tell a forgotten price from a free target.
     */
    private Cost cost(String where, CostSpec spec, Algorithm algorithm) {
        if (spec == null) {
            if (algorithm == Algorithm.LOWEST_COST) {
                findings.invalid(Reason.INVALID_COST, where + ": algorithm lowest-cost needs a cost on every "
                        + "target; set cost.inputPer1k and cost.outputPer1k (0 for a free one)");
            }
            return null;
        }
        Double input = spec.getInputPer1k();
        Double output = spec.getOutputPer1k();
        if (!price(input) || !price(output)) {
            findings.invalid(Reason.INVALID_COST, where + ": cost.inputPer1k and cost.outputPer1k must both be "
                    + "set, as numbers of 0 or more; were " + number(input) + " and " + number(output));
            return null;
        }
        return new Cost(input, output);
    }

    /** A number as the user wrote it: 101, not 101.0; "missing" for none. */
    private static String number(Double value) {
        return value == null ? "missing" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static boolean price(Double value) {
        return value != null && value >= 0 && !value.isInfinite();
    }

    private UnsupportedFields unsupportedFields(String value) {
        if (value == null) {
            return UnsupportedFields.REFUSE;
        }
        UnsupportedFields unsupportedFields = Enums.parse(UnsupportedFields.class, value);
        if (unsupportedFields == null) {
            findings.invalid(Reason.UNKNOWN_UNSUPPORTED_FIELDS, "spec.unsupportedFields '" + value
                    + "' is not one of " + Enums.values(UnsupportedFields.class));
        }
        return unsupportedFields;
    }

    private HealthChecks healthChecks(HealthChecksSpec spec) {
        if (spec == null) {
            return DEFAULT_HEALTH_CHECKS;
        }
        int before = findings.size();
        boolean passive = spec.getPassive() == null || spec.getPassive();
        int threshold = healthSetting("threshold", spec.getThreshold(), DEFAULT_HEALTH_CHECKS.threshold(), 100);
        int interval = healthSetting("interval", spec.getInterval(), DEFAULT_HEALTH_CHECKS.intervalSeconds(), 3600);
        int successThreshold = healthSetting("successThreshold", spec.getSuccessThreshold(),
                HealthChecks.DEFAULT_SUCCESS_THRESHOLD, 100);
        int halfOpenRequests = healthSetting("halfOpenRequests", spec.getHalfOpenRequests(),
                HealthChecks.DEFAULT_HALF_OPEN_REQUESTS, 100);
        ActiveHealthCheck active = activeHealthCheck(spec.getActive());
        return findings.size() > before ? null
                : new HealthChecks(passive, threshold, interval, successThreshold, halfOpenRequests, active);
    }

    /** A whole-number setting under spec.healthChecks, between 1 and max; its default when unset. */
    private int healthSetting(String field, Integer value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > max) {
            findings.invalid(Reason.INVALID_HEALTH_CHECKS,
                    "spec.healthChecks." + field + " must be between 1 and " + max + ", was " + value);
        }
        return value;
    }

    private ActiveHealthCheck activeHealthCheck(ActiveHealthCheckSpec spec) {
        if (spec == null) {
            return null;
        }
        int before = findings.size();
        int interval = healthSetting("active.interval", spec.getInterval(),
                ActiveHealthCheck.DEFAULT_INTERVAL_SECONDS, 3600);
        int timeout = healthSetting("active.timeout", spec.getTimeout(),
                Math.min(ActiveHealthCheck.DEFAULT_TIMEOUT_SECONDS, interval), 3600);
        if (timeout > interval) {
            findings.invalid(Reason.INVALID_HEALTH_CHECKS, "spec.healthChecks.active.timeout (" + timeout
                    + " s) must not exceed spec.healthChecks.active.interval (" + interval + " s)");
        }
        int expectedStatus = spec.getExpectedStatus() == null ? ActiveHealthCheck.DEFAULT_EXPECTED_STATUS
                : spec.getExpectedStatus();
        if (expectedStatus < 100 || expectedStatus > 599) {
            findings.invalid(Reason.INVALID_HEALTH_CHECKS,
                    "spec.healthChecks.active.expectedStatus must be an HTTP status (100 to 599), was "
                            + expectedStatus);
        }
        String path = spec.getPath();
        if (path != null && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127))) {
            findings.invalid(Reason.INVALID_HEALTH_CHECKS, "spec.healthChecks.active.path '" + path
                    + "' must start with / and hold no spaces or control characters, for example /v1/models");
        }
        return findings.size() > before ? null : new ActiveHealthCheck(interval, timeout, path, expectedStatus);
    }

    private Timeouts timeouts(TimeoutsSpec spec) {
        if (spec == null) {
            return Timeouts.DEFAULTS;
        }
        int before = findings.size();
        Reason invalid = Reason.INVALID_TIMEOUTS;
        int connect = findings.millis(invalid, "spec.timeouts.connectSeconds", spec.getConnectSeconds(), 300,
                Timeouts.DEFAULTS.connectMillis());
        int response = findings.millis(invalid, "spec.timeouts.responseSeconds", spec.getResponseSeconds(), 3600,
                Timeouts.DEFAULTS.responseMillis());
        int idle = findings.millis(invalid, "spec.timeouts.idleSeconds", spec.getIdleSeconds(), 3600,
                Timeouts.DEFAULTS.idleMillis());
        int queue = findings.millis(invalid, "spec.timeouts.queueSeconds", spec.getQueueSeconds(), 3600,
                Timeouts.DEFAULTS.queueMillis());
        return findings.size() > before ? null : new Timeouts(connect, response, idle, queue);
    }

    private int maxConnectionsPerTarget(Integer value) {
        if (value == null) {
            return Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET;
        }
        if (value < 1 || value > Upstream.MAX_CONNECTIONS_PER_TARGET) {
            findings.invalid(Reason.INVALID_CONNECTION_LIMIT, "spec.maxConnectionsPerTarget must be between 1 and "
                    + Upstream.MAX_CONNECTIONS_PER_TARGET + ", was " + value);
        }
        return value;
    }

    private int maxAttempts(FailoverSpec spec) {
        if (spec == null || spec.getMaxAttempts() == null) {
            return DEFAULT_MAX_ATTEMPTS;
        }
        if (spec.getMaxAttempts() < 1 || spec.getMaxAttempts() > 32) {
            findings.invalid(Reason.INVALID_FAILOVER, "spec.failover.maxAttempts must be between 1 and 32, was "
                    + spec.getMaxAttempts());
        }
        return spec.getMaxAttempts();
    }

    private void checkUniqueNames(List<TargetSpec> targets) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        targets.stream().map(TargetSpec::getName).filter(n -> n != null && !seen.add(n)).forEach(duplicates::add);
        if (!duplicates.isEmpty()) {
            findings.invalid(Reason.DUPLICATE_TARGET_NAME, "target names must be unique; repeated: "
                    + String.join(", ", duplicates));
        }
    }

    private void checkResponsesApiNotMixed(List<TargetSpec> targets) {
        boolean anyResponses = targets.stream().anyMatch(t -> "responses".equals(api(t)));
        boolean allOpenAi = targets.stream().allMatch(t -> "openai".equals(t.getProvider()));
        if (anyResponses && !allOpenAi) {
            findings.invalid(Reason.INVALID_PROVIDER_OPTIONS, "providerOptions.api 'responses' only works when "
                    + "every target of the upstream is openai; use 'completions' to balance across providers");
        }
    }

    private static String api(TargetSpec target) {
        return target.getProviderOptions() == null ? null : target.getProviderOptions().getApi();
    }

    /** The model target, or null when the target has problems (recorded in findings). */
    private Target target(TargetSpec spec, Algorithm algorithm) {
        int before = findings.size();
        String targetName = spec.getName();
        if (targetName == null || !TARGET_NAME.matcher(targetName).matches()) {
            findings.invalid(Reason.INVALID_TARGET_NAME, "target name '" + targetName
                    + "' must be a DNS label: lower-case letters, digits and '-', at most 63 characters");
            return null;
        }
        String where = "target " + targetName;
        Provider provider = spec.getProvider() == null ? null : Enums.parse(Provider.class, spec.getProvider());
        if (provider == null) {
            findings.invalid(Reason.UNKNOWN_PROVIDER, where + ": provider '" + spec.getProvider()
                    + "' is not one of " + Enums.values(Provider.class));
            return null;
        }
        int weight = spec.getWeight() == null ? DEFAULT_WEIGHT : spec.getWeight();
        if (weight < 1 || weight > 100) {
            findings.invalid(Reason.WEIGHT_OUT_OF_RANGE, where + ": weight must be between 1 and 100, was "
                    + weight);
        }
        int priority = spec.getPriority() == null ? DEFAULT_PRIORITY : spec.getPriority();
        if (priority < 1) {
            findings.invalid(Reason.PRIORITY_OUT_OF_RANGE, where + ": priority must be 1 or more (1 is tried "
                    + "first), was " + priority);
        }
        if (spec.getPath() != null && !spec.getPath().startsWith("/")) {
            findings.invalid(Reason.INVALID_ENDPOINT, where + ": path '" + spec.getPath()
                    + "' must start with '/'");
        }
        checkHeaders(where, spec.getHeaders());
        checkProviderOptions(where, provider, spec);
        RateLimit rateLimit = rateLimit(where, spec.getRateLimit());
        Cost cost = cost(where, spec.getCost(), algorithm);
        Credentials credentials = credentials(where, targetName, provider, spec);
        String region = region(spec.getCredentials());
        if (findings.size() > before) {
            return null;
        }
        TargetEndpoints.Resolution endpoint = TargetEndpoints.resolve(spec, provider, region);
        if (endpoint instanceof TargetEndpoints.Unresolvable unresolvable) {
            findings.invalid(Reason.INVALID_ENDPOINT, where + ": " + unresolvable.message());
            return null;
        }
        Map<String, String> options = api(spec) == null ? Map.of() : Map.of("api", api(spec));
        return new Target(targetName, provider, ((TargetEndpoints.Resolved) endpoint).endpoint(), spec.getPath(),
                weight, priority, spec.getModels(), spec.getDefaultModel(), new TreeMap<>(spec.getHeaders()),
                options, credentials, rateLimit, cost);
    }

    /** The target's limits; null when it sets none, or when they are invalid (recorded in findings). */
    private RateLimit rateLimit(String where, RateLimitSpec spec) {
        if (spec == null) {
            return null;
        }
        Integer requests = spec.getRequestsPerMinute();
        Long tokens = spec.getTokensPerMinute();
        Integer concurrent = spec.getConcurrentRequests();
        if (requests == null && tokens == null && concurrent == null) {
            findings.invalid(Reason.INVALID_RATE_LIMIT, where + ": rateLimit sets no limit; set requestsPerMinute, "
                    + "tokensPerMinute or concurrentRequests, or remove rateLimit");
            return null;
        }
        int before = findings.size();
        checkPositive(where, "requestsPerMinute", requests);
        checkPositive(where, "tokensPerMinute", tokens);
        checkPositive(where, "concurrentRequests", concurrent);
        return findings.size() > before ? null : new RateLimit(requests, tokens, concurrent);
    }

    private void checkPositive(String where, String field, Number value) {
        Quotas.checkPositive(Reason.INVALID_RATE_LIMIT, where + ": rateLimit." + field, value, findings);
    }

    /** Where a regional provider's public endpoint is: the AWS region of Bedrock, the location of Vertex AI. */
    private static String region(CredentialsSpec credentials) {
        if (credentials == null) {
            return null;
        }
        if (credentials.getAws() != null) {
            return credentials.getAws().getRegion();
        }
        return credentials.getVertex() == null ? null : credentials.getVertex().getLocation();
    }

    private void checkHeaders(String where, Map<String, String> headers) {
        for (String header : headers.keySet()) {
            if (!HEADER_NAME.matcher(header).matches()) {
                findings.invalid(Reason.INVALID_HEADER, where + ": '" + header + "' is not a valid header name");
            } else if (CREDENTIAL_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                findings.invalid(Reason.INVALID_HEADER, where + ": header '" + header + "' carries credentials; "
                        + "set it with credentials.header so that its value comes from a Secret");
            }
        }
    }

    private void checkProviderOptions(String where, Provider provider, TargetSpec spec) {
        String api = api(spec);
        if (api == null) {
            return;
        }
        if (provider != Provider.OPENAI) {
            findings.invalid(Reason.INVALID_PROVIDER_OPTIONS, where + ": providerOptions.api only applies to "
                    + "openai targets");
        } else if (!"completions".equals(api) && !"responses".equals(api)) {
            findings.invalid(Reason.INVALID_PROVIDER_OPTIONS, where + ": providerOptions.api must be "
                    + "'completions' or 'responses', was '" + api + "'");
        }
    }

    private Credentials credentials(String where, String targetName, Provider provider, TargetSpec target) {
        CredentialsSpec spec = target.getCredentials();
        String prefix = name + "." + targetName + ".";
        long forms = spec == null ? 0 : Arrays.asList(spec.getApiKey(), spec.getHeader(), spec.getAws(),
                spec.getAzure(), spec.getVertex()).stream().filter(form -> form != null).count();
        if (forms > 1) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": set one of credentials.apiKey, header, aws, "
                    + "azure or vertex, not " + forms);
            return null;
        }
        if (provider == Provider.BEDROCK && (spec == null || spec.getAws() == null)) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": a bedrock target needs credentials.aws");
            return null;
        }
        if (provider == Provider.AZURE && (spec == null || spec.getAzure() == null)) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": an azure target needs credentials.azure "
                    + "(apiKey, deployment, apiVersion)");
            return null;
        }
        if (provider == Provider.VERTEX && (spec == null || spec.getVertex() == null)) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": a vertex target needs credentials.vertex "
                    + "(serviceAccountKey, projectId, location)");
            return null;
        }
        if (forms == 0) {
            if (TargetEndpoints.isPublicEndpoint(target) && provider != Provider.OPENAI_COMPATIBLE) {
                findings.invalid(Reason.INVALID_CREDENTIALS, where + ": the provider's public endpoint needs "
                        + "credentials (credentials.apiKey or credentials.header)");
            }
            return Credentials.NONE;
        }
        if (spec.getAws() != null && provider != Provider.BEDROCK) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.aws is for bedrock targets only");
            return null;
        }
        if (spec.getAzure() != null && provider != Provider.AZURE) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.azure is for azure targets only");
            return null;
        }
        if (spec.getVertex() != null && provider != Provider.VERTEX) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.vertex is for vertex targets only");
            return null;
        }
        if (spec.getVertex() != null) {
            return vertex(where, prefix, spec.getVertex());
        }
        if (spec.getApiKey() != null) {
            return new Credentials(entry(where, "credentials.apiKey", spec.getApiKey(), prefix + "apiKey"),
                    null, null, null);
        }
        if (spec.getHeader() != null) {
            var header = spec.getHeader();
            if (header.getName() == null || !HEADER_NAME.matcher(header.getName()).matches()) {
                findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.header.name '"
                        + header.getName() + "' is not a valid header name");
                return null;
            }
            String value = entry(where, "credentials.header.valueFrom", header.getValueFrom(), prefix + "header");
            return value == null ? null
                    : new Credentials(null, new Credentials.HeaderCredential(header.getName(), value), null, null);
        }
        if (spec.getAws() != null) {
            var aws = spec.getAws();
            String accessKeyId = entry(where, "credentials.aws.accessKeyId", aws.getAccessKeyId(),
                    prefix + "accessKeyId");
            String secretAccessKey = entry(where, "credentials.aws.secretAccessKey", aws.getSecretAccessKey(),
                    prefix + "secretAccessKey");
            String sessionToken = aws.getSessionToken() == null ? null
                    : entry(where, "credentials.aws.sessionToken", aws.getSessionToken(), prefix + "sessionToken");
            if (aws.getRegion() == null || aws.getRegion().isBlank()) {
                findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.aws.region is required");
                return null;
            }
            return accessKeyId == null || secretAccessKey == null ? null : new Credentials(null, null,
                    new Credentials.AwsCredentials(aws.getRegion(), accessKeyId, secretAccessKey, sessionToken),
                    null);
        }
        var azure = spec.getAzure();
        if (azure.getDeployment() == null || azure.getApiVersion() == null) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.azure needs deployment and "
                    + "apiVersion");
            return null;
        }
        for (Map.Entry<String, String> e : azure.getDeployments().entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
                findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.azure.deployments needs a model "
                        + "and a deployment in each entry, found '" + e.getKey() + "': '" + e.getValue() + "'");
                return null;
            }
        }
        String apiKey = entry(where, "credentials.azure.apiKey", azure.getApiKey(), prefix + "apiKey");
        return apiKey == null ? null : new Credentials(null, null, null, new Credentials.AzureCredentials(apiKey,
                azure.getDeployment(), azure.getApiVersion(), new TreeMap<>(azure.getDeployments())));
    }

    /** A Vertex AI target's service account key (checked to be one), project and location. */
    private Credentials vertex(String where, String prefix, VertexCredentialsSpec vertex) {
        int before = findings.size();
        if (vertex.getProjectId() == null || !vertex.getProjectId().matches(VertexNames.PROJECT_ID)) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.vertex.projectId '"
                    + vertex.getProjectId() + "' is not a Google Cloud project ID (6 to 30 lower-case letters, "
                    + "digits or '-', from a letter)");
        }
        if (vertex.getLocation() == null || !vertex.getLocation().matches(VertexNames.LOCATION)) {
            findings.invalid(Reason.INVALID_CREDENTIALS, where + ": credentials.vertex.location '"
                    + vertex.getLocation() + "' is not a Vertex AI location such as us-central1 or global");
        }
        String field = "credentials.vertex.serviceAccountKey";
        SecretKeyRef ref = vertex.getServiceAccountKey();
        String json = secretValue(where, field, ref);
        String key = prefix + "serviceAccountKey";
        String problem = json == null ? null : ServiceAccountKeys.problem(json);
        if (problem != null) {
            findings.unresolved(Reason.INVALID_SERVICE_ACCOUNT_KEY, where + ": key '" + ref.getKey()
                    + "' of Secret '" + ref.getName() + "' " + problem + "; " + field + " needs a service "
                    + "account's JSON key, as Google Cloud hands it out (type service_account, client_email, "
                    + "private_key)");
        } else if (json != null) {
            credentials.put(key, json); // a file of many lines, never sent as a header: sendable does not apply
        }
        return findings.size() > before ? null : new Credentials(null, null, null, null,
                new Credentials.VertexCredentials(key, vertex.getProjectId(), vertex.getLocation()));
    }

    /**
     * Copies one referenced Secret value into the credentials entries and returns the entry's name, or records why
     * it cannot and returns null. Messages name the Secret and key, never the value.
     */
    private String entry(String where, String field, SecretKeyRef ref, String entryName) {
        String stripped = secretValue(where, field, ref);
        if (stripped == null) {
            return null;
        }
        if (!Credentials.sendable(stripped)) {
            findings.unresolved(Reason.INVALID_SECRET_VALUE, where + ": the value of Secret '" + ref.getName()
                    + "' key '" + ref.getKey() + "' has a line break or another character an HTTP header cannot "
                    + "carry; write the value on one line, printable ASCII only");
            return null;
        }
        credentials.put(entryName, stripped);
        return entryName;
    }

    /** A referenced Secret value, trimmed, or null with why it cannot be had recorded. */
    private String secretValue(String where, String field, SecretKeyRef ref) {
        return SecretReads.value(snapshot, findings, Reason.INVALID_CREDENTIALS, where, field, ref);
    }

    /** Every Secret key this upstream refers to, in target order. */
    static List<SecretKeyRef> referencedSecretKeys(AIUpstream upstream) {
        if (upstream.getSpec() == null) {
            return List.of();
        }
        List<SecretKeyRef> refs = new ArrayList<>();
        for (TargetSpec target : upstream.getSpec().getTargets()) {
            CredentialsSpec credentials = target.getCredentials();
            if (credentials == null) {
                continue;
            }
            refs.add(credentials.getApiKey());
            if (credentials.getHeader() != null) {
                refs.add(credentials.getHeader().getValueFrom());
            }
            if (credentials.getAws() != null) {
                refs.addAll(Arrays.asList(credentials.getAws().getAccessKeyId(),
                        credentials.getAws().getSecretAccessKey(), credentials.getAws().getSessionToken()));
            }
            if (credentials.getAzure() != null) {
                refs.add(credentials.getAzure().getApiKey());
            }
            if (credentials.getVertex() != null) {
                refs.add(credentials.getVertex().getServiceAccountKey());
            }
        }
        return refs.stream().filter(ref -> ref != null && ref.getName() != null && ref.getKey() != null).toList();
    }
}
