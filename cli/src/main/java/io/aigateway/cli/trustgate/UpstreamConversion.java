package io.aigateway.cli.trustgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One TrustGate upstream to an AIUpstream spec: its algorithm, health checks and targets, each target's credentials
 * moved into the Secret {@code <upstream>-provider-keys}.
 */
final class UpstreamConversion {

    /** The Azure OpenAI api-version written when TrustGate's azure_version is empty: the latest GA one. */
    static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, String> ALGORITHMS = Map.of(
            "round-robin", "round-robin",
            "weighted-round-robin", "weighted-round-robin",
            "least-conn", "least-connections",
            "least-connections", "least-connections",
            "random", "random");
    private static final Map<String, String> PROVIDERS = Map.of(
            "openai", "openai",
            "anthropic", "anthropic",
            "gemini", "gemini",
            "google", "gemini",
            "bedrock", "bedrock",
            "azure", "azure");
    /** The header each provider reads its API key from, and the scheme before the key. */
    private static final Map<String, String[]> KEY_HEADERS = Map.of(
            "openai", new String[] {"Authorization", "Bearer "},
            "openai-compatible", new String[] {"Authorization", "Bearer "},
            "anthropic", new String[] {"x-api-key", ""},
            "gemini", new String[] {"x-goog-api-key", ""},
            "azure", new String[] {"api-key", ""});

    private final TrustGateImport owner;
    private final String label;
    private final String upstream;
    private final Set<String> targetNames = new HashSet<>();
    private final Map<String, String> secretData = new LinkedHashMap<>();
    private String secretName;

    UpstreamConversion(TrustGateImport owner, String label, String upstream) {
        this.owner = owner;
        this.label = label;
        this.upstream = upstream;
    }

    /** The AIUpstream spec, or null (with findings) when no target could be carried over. */
    ObjectNode convert(Fields fields) {
        ObjectNode spec = JSON.objectNode();
        String algorithm = fields.text("algorithm");
        if (algorithm != null && ALGORITHMS.containsKey(algorithm)) {
            spec.put("algorithm", ALGORITHMS.get(algorithm));
        } else if (algorithm != null) {
            owner.lost(label, "algorithm", TrustGateImport.quoted(algorithm) + " has no equivalent; round-robin "
                    + "is used");
        }
        JsonNode targets = fields.get("targets");
        ArrayNode out = spec.putArray("targets");
        if (targets != null && targets.isArray()) {
            for (int i = 0; i < targets.size(); i++) {
                if (targets.get(i) instanceof ObjectNode target) {
                    ObjectNode converted = target(new Fields(target, "targets[" + i + "]"));
                    if (converted != null) {
                        out.add(converted);
                    }
                }
            }
        }
        Fields health = fields.object("health_checks");
        if (health != null) {
            spec.set("healthChecks", healthChecks(health));
        }
        if (out.isEmpty()) {
            owner.lost(label, "targets", "no target could be carried over; not imported");
            return null;
        }
        if (!secretData.isEmpty()) {
            owner.addSecret(secretName, secretData, "provider credentials of AIUpstream " + upstream);
        }
        return spec;
    }

    private ObjectNode healthChecks(Fields health) {
        ObjectNode out = JSON.objectNode();
        JsonNode passive = health.get("passive");
        if (passive != null) {
            out.put("passive", passive.asBoolean());
        }
        putInRange(out, health, "threshold", "threshold", 1, 100);
        putInRange(out, health, "interval", "interval", 1, 3600);
        for (Map.Entry<String, JsonNode> probe : health.unread()) {
            // TrustGate's remaining fields, path and headers, are what its active probes send
            owner.lost(label, probe.getKey(), "TrustGate's active probes are not carried over: set "
                    + "healthChecks.active (interval, timeout, path) for probes of our own");
        }
        return out;
    }

    private void putInRange(ObjectNode out, Fields in, String field, String ours, int min, int max) {
        JsonNode value = in.get(field);
        if (value == null) {
            return;
        }
        int given = value.asInt();
        int kept = Math.max(min, Math.min(max, given));
        if (kept != given || !value.canConvertToInt()) {
            owner.lost(label, in.path(field), value.asText() + " is outside " + min + "-" + max + "; " + kept
                    + " is used");
        }
        out.put(ours, kept);
    }

    /** The target, or null (with findings) when it cannot be carried over. */
    private ObjectNode target(Fields t) {
        t.skip("id");
        String host = t.text("host");
        String provider = provider(t, host);
        if (provider == null) {
            return null; // the finding on the provider covers the rest of the target
        }
        String name = uniqueTargetName(provider);
        ObjectNode target = JSON.objectNode();
        target.put("name", name);
        target.put("provider", provider);
        if (host != null) {
            target.put("host", host);
            JsonNode port = t.get("port");
            if (port != null && port.asInt() > 0) {
                target.put("port", port.asInt());
            }
            String protocol = t.text("protocol");
            if (protocol != null) {
                target.put("protocol", protocol.toLowerCase(Locale.ROOT));
            }
        }
        t.copyText("path", target, "path");
        JsonNode weight = t.get("weight");
        if (weight != null && weight.asInt() != 0) { // 0 is Go's unset
            putInRange(target, t, "weight", "weight", 1, 100);
        }
        JsonNode priority = t.get("priority");
        if (priority != null && priority.asInt() != 0) {
            putInRange(target, t, "priority", "priority", 1, Integer.MAX_VALUE);
        }
        t.copyText("default_model", target, "defaultModel");
        t.copyStrings("models", target, "models");
        headers(t, target);
        Fields options = t.object("provider_options");
        if (options != null) {
            String api = options.text("api");
            if (api != null) {
                target.putObject("providerOptions").put("api", api);
            }
            reportUnread(options);
        }
        Fields credentials = t.object("credentials");
        boolean carried = credentials == null || new CredentialConversion(this, t.path("credentials"), provider,
                name, target).convert(credentials);
        if (credentials == null && host == null) {
            owner.lost(label, t.path("credentials"), "missing: the provider will refuse the requests until "
                    + "credentials are added");
        }
        JsonNode stream = t.get("stream");
        if (stream != null && stream.asBoolean()) {
            owner.lost(label, t.path("stream"), "a target here streams when the client asks (\"stream\": true in "
                    + "the request), never otherwise");
        }
        if (t.get("insecure_ssl") != null && t.get("insecure_ssl").asBoolean()) {
            owner.lost(label, t.path("insecure_ssl"), "certificates are always checked here");
        }
        reportUnread(t);
        return carried ? target : null;
    }

    /** Our provider for the target: TrustGate's, or for a plain host target the one that host serves. */
    private String provider(Fields t, String host) {
        String given = t.text("provider");
        if (given != null) {
            String provider = PROVIDERS.get(given.toLowerCase(Locale.ROOT));
            if (provider == null) {
                owner.lost(label, t.path("provider"), TrustGateImport.quoted(given) + " has no equivalent (openai, "
                        + "anthropic, gemini, bedrock, azure or an OpenAI-compatible host); target left out");
            }
            return provider;
        }
        if (host == null) {
            owner.lost(label, t.path("provider"), "neither provider nor host is set; target left out");
            return null;
        }
        String provider = providerServing(host.toLowerCase(Locale.ROOT));
        owner.converted(label, t.path("provider"), "not set (a plain host target); " + provider + " is the API of "
                + host);
        return provider;
    }

    private static String providerServing(String host) {
        if (host.equals("api.openai.com")) {
            return "openai";
        }
        if (host.equals("api.anthropic.com")) {
            return "anthropic";
        }
        if (host.equals("generativelanguage.googleapis.com")) {
            return "gemini";
        }
        if (host.endsWith(".openai.azure.com")) {
            return "azure";
        }
        if (host.startsWith("bedrock-runtime.") && host.endsWith(".amazonaws.com")) {
            return "bedrock";
        }
        return "openai-compatible";
    }

    private void headers(Fields t, ObjectNode target) {
        JsonNode headers = t.get("headers");
        if (headers == null || !headers.isObject() || headers.isEmpty()) {
            return;
        }
        ObjectNode out = JSON.objectNode();
        headers.fields().forEachRemaining(header -> {
            if (CredentialConversion.isCredentialHeader(header.getKey())) {
                owner.lost(label, t.path("headers") + "." + header.getKey(), "carries a credential, which comes "
                        + "from a Secret here: set it as the target's credentials");
            } else {
                out.put(header.getKey(), header.getValue().asText());
            }
        });
        if (!out.isEmpty()) {
            target.set("headers", out);
        }
    }

    private String uniqueTargetName(String provider) {
        String name = provider;
        for (int n = 2; !targetNames.add(name); n++) {
            name = provider + "-" + n;
        }
        return name;
    }

    /**
     * A reference to a new key of the upstream's Secret, holding the input's value with --include-secrets and a
     * placeholder otherwise (always when the input's is empty, with a finding).
     *
     * @param scheme what precedes the key in the value, kept in the placeholder ("Bearer ")
     */
    ObjectNode secretKey(String key, String value, String scheme, String field) {
        if (secretName == null) {
            secretName = owner.secretName(upstream + "-provider-keys");
        }
        boolean empty = value == null || value.isBlank() || value.strip().equals(scheme.strip());
        if (empty) {
            owner.lost(label, field, "empty in the input; Secret " + secretName + " key " + key + " holds "
                    + TrustGateImport.PLACEHOLDER);
        }
        secretData.put(key, owner.options().includeSecrets() && !empty ? value : scheme + TrustGateImport.PLACEHOLDER);
        ObjectNode ref = JSON.objectNode();
        ref.put("name", secretName);
        ref.put("key", key);
        return ref;
    }

    /** The header a provider reads its key from and the scheme before it, or null for bedrock. */
    static String[] keyHeader(String provider) {
        return KEY_HEADERS.get(provider);
    }

    void lost(String field, String message) {
        owner.lost(label, field, message);
    }

    void converted(String field, String message) {
        owner.converted(label, field, message);
    }

    void reportUnread(Fields fields) {
        owner.reportUnread(label, fields);
    }
}
