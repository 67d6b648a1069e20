package io.aigateway.cli.trustgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.operator.api.v1alpha1.HttpMethod;
import io.aigateway.operator.compiler.GatewayObjects;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts TrustGate resources into AIGateway, AIUpstream, AIService, AIRule and AIKey resources and the Secrets
 * they reference, and says what it could not carry over.
 *
 * <p>References: a real id ({@code upstream_id} of an export) is looked up among the input's {@code id}s. A
 * placeholder such as {@code {upstream_id}}, as the documentation writes the id an earlier call returned, means the
 * resource of that kind created last before the one referring to it (the only one of its kind when none comes
 * before). A rule or key whose gateway is not in the input gets an AIGateway of our defaults, named after the
 * reference, and a finding that says so.
 */
public final class TrustGateImport {

    /**
     * @param includeSecrets copy credential values from the input into the Secrets; otherwise they hold placeholders
     * @param baseDomain the domain TrustGate serves gateways' subdomains under; null when not known
     * @param namespace written into every resource's metadata; null for none
     */
    public record Options(boolean includeSecrets, String baseDomain, String namespace, Clock clock) {
    }

    /** One resource or Secret to write, and a line saying where it came from. */
    public record Imported(ObjectNode resource, String origin) {
        public String kind() {
            return resource.path("kind").asText();
        }

        public String name() {
            return resource.path("metadata").path("name").asText();
        }
    }

    /**
     * @param resources our resources, gateways first, then upstreams, services, rules and keys
     * @param secrets the Secrets they reference
     */
    public record Result(List<Imported> resources, List<Imported> secrets, List<Finding> findings) {
        /** Whether some field could not be carried over. */
        public boolean lossy() {
            return findings.stream().anyMatch(Finding::lost);
        }
    }

    /** What a Secret holds when the input's value is not copied. */
    static final String PLACEHOLDER = "REPLACE_ME";
    static final String API_VERSION = AiGatewayApi.GROUP + "/" + AiGatewayApi.VERSION;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How the documentation writes an id returned by an earlier call: {gateway_id}, {{id}}, <id>, :id. */
    private static final Pattern PLACEHOLDER_ID = Pattern.compile("\\{+[^{}]*}+|<[^<>]*>|:[A-Za-z_-]+");
    /** Go's zero time: TrustGate's expires_at of a key that never expires. */
    private static final String GO_ZERO_TIME = "0001-01-01";
    /** The headers TrustGate clients send their key in (X-TG-API-Key, formerly X-Api-Key), in that order. */
    private static final List<String> CLIENT_KEY_HEADERS = List.of("X-TG-API-Key", "X-Api-Key");

    private final Options options;
    private final List<TrustGateInput.Item> items;
    private final KubernetesNames names = new KubernetesNames();
    private final Map<TrustGateInput.Item, String> nameOf = new IdentityHashMap<>();
    private final Map<TrustGateInput.Item, Integer> position = new IdentityHashMap<>();
    /** Items that were written: references resolve only to these. */
    private final Set<TrustGateInput.Item> written = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, String> missingGateways = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<TrustGateKind, List<Imported>> resources = new LinkedHashMap<>();
    private final List<Imported> secrets = new ArrayList<>();

    private TrustGateImport(List<TrustGateInput.Item> items, Options options) {
        this.items = items;
        this.options = options;
        Arrays.stream(TrustGateKind.values()).forEach(kind -> resources.put(kind, new ArrayList<>()));
    }

    public static Result convert(List<TrustGateInput.Item> items, Options options) {
        return new TrustGateImport(items, options).convert();
    }

    private Result convert() {
        for (int i = 0; i < items.size(); i++) {
            position.put(items.get(i), i);
        }
        // Names first, in input order, so that a reference can name what comes later in the input.
        items.forEach(this::name);
        for (TrustGateKind kind : TrustGateKind.values()) {
            for (TrustGateInput.Item item : items) {
                if (item.kind() == kind) {
                    convert(item);
                }
            }
        }
        List<Imported> all = new ArrayList<>();
        resources.values().forEach(all::addAll);
        return new Result(List.copyOf(all), List.copyOf(secrets), List.copyOf(findings));
    }

    private void convert(TrustGateInput.Item item) {
        Fields fields = new Fields(item.body(), "");
        fields.skip("id", "name", "gateway_id", "created_at", "updated_at", "deleted_at");
        String label = label(item);
        ObjectNode spec = switch (item.kind()) {
            case GATEWAY -> gateway(fields, label);
            case UPSTREAM -> new UpstreamConversion(this, label, nameOf.get(item)).convert(fields);
            case SERVICE -> service(item, fields, label);
            case RULE -> rule(item, fields, label);
            case KEY -> key(item, fields, label);
        };
        reportUnread(label, fields);
        if (spec != null) {
            written.add(item);
            resources.get(item.kind()).add(new Imported(resource(item.kind().ourKind(), nameOf.get(item), spec),
                    "TrustGate " + item.kind().singular() + " " + describe(item) + " (" + item.source() + ")"));
        }
    }

    /** Why a field is not carried over, where there is more to say than "no equivalent here". */
    private static final Map<String, String> UNREAD_REASONS = Map.of(
            "embedding_config", "semantic routing has no equivalent here",
            "tags", "an AIUpstream has no tags (an AIService has)",
            "plugin_chain", "plugins have no equivalent here",
            "required_plugins", "plugins have no equivalent here",
            "retry_attempts", "retries are set per upstream here: AIUpstream spec.failover.maxAttempts");

    /** How the input names it: its name, or a rule's path. */
    private static String describe(TrustGateInput.Item item) {
        String name = item.body().path("name").asText("");
        return !name.isEmpty() ? quoted(name)
                : item.kind() == TrustGateKind.RULE ? "for " + item.body().path("path").asText("") : "without a name";
    }

    /** Gives the item its name, and says when it is not TrustGate's. */
    private void name(TrustGateInput.Item item) {
        String trustGateName = item.body().path("name").asText("");
        String wanted = trustGateName;
        if (item.kind() == TrustGateKind.RULE && wanted.isEmpty()) {
            // TrustGate's rules have no name: the path says what the rule is.
            String path = item.body().path("path").asText("");
            wanted = path.equals("/") ? "root" : path;
        }
        String name = names.unique(item.kind().ourKind(), wanted, item.kind().singular());
        nameOf.put(item, name);
        String label = label(item);
        if (item.kind() != TrustGateKind.RULE && trustGateName.isEmpty()) {
            lost(label, "name", "missing; named " + name);
        } else if (item.kind() != TrustGateKind.RULE && !name.equals(trustGateName)) {
            converted(label, "name", quoted(trustGateName) + " is not a Kubernetes name, or is taken; named " + name);
        }
    }

    private String label(TrustGateInput.Item item) {
        return item.kind().ourKind() + " " + nameOf.get(item) + " (" + item.source() + ")";
    }

    private ObjectNode gateway(Fields fields, String label) {
        ObjectNode spec = gatewaySpec();
        String subdomain = fields.text("subdomain");
        if (subdomain != null && options.baseDomain() != null) {
            String hostname = (subdomain + "." + options.baseDomain()).toLowerCase(Locale.ROOT);
            spec.putArray("hostnames").add(hostname);
        } else if (subdomain != null) {
            lost(label, "subdomain", "TrustGate serves it under a base domain the input does not hold; rerun with "
                    + "--base-domain DOMAIN to answer " + subdomain + ".DOMAIN only (without: every host)");
        }
        return spec;
    }

    private static ObjectNode gatewaySpec() {
        ObjectNode spec = JSON.objectNode();
        ArrayNode headers = spec.putArray("clientKeyHeaders");
        CLIENT_KEY_HEADERS.forEach(header -> headers.addObject().put("name", header));
        return spec;
    }

    private ObjectNode service(TrustGateInput.Item item, Fields fields, String label) {
        String type = fields.text("type");
        if (type != null && !type.equals("upstream")) {
            lost(label, "type", quoted(type) + " services have no equivalent (only 'upstream'); not imported");
            return null;
        }
        String upstream = reference(item, fields, TrustGateKind.UPSTREAM, label);
        if (upstream == null) {
            return null;
        }
        ObjectNode spec = JSON.objectNode();
        spec.put("type", "upstream");
        fields.copyText("description", spec, "description");
        fields.copyStrings("tags", spec, "tags");
        spec.putObject("upstreamRef").put("name", upstream);
        return spec;
    }

    private ObjectNode rule(TrustGateInput.Item item, Fields fields, String label) {
        String path = fields.text("path");
        if (path == null || !path.startsWith("/")) {
            lost(label, "path", (path == null ? "missing" : quoted(path) + " does not start with '/'")
                    + "; not imported");
            return null;
        }
        String service = reference(item, fields, TrustGateKind.SERVICE, label);
        if (service == null) {
            return null;
        }
        ObjectNode spec = JSON.objectNode();
        spec.putObject("gatewayRef").put("name", gateway(item, label));
        spec.putObject("serviceRef").put("name", service);
        spec.put("path", path);
        JsonNode methods = fields.get("methods");
        if (methods != null && methods.isArray() && !methods.isEmpty()) {
            Set<String> known = Arrays.stream(HttpMethod.values()).map(Enum::name).collect(Collectors.toSet());
            ArrayNode out = spec.putArray("methods");
            for (JsonNode method : methods) {
                String upper = method.asText().toUpperCase(Locale.ROOT);
                if (known.contains(upper)) {
                    out.add(upper);
                } else {
                    lost(label, "methods", quoted(method.asText()) + " is not one of " + known.stream().sorted()
                            .toList());
                }
            }
        }
        JsonNode strip = fields.get("strip_path");
        if (strip != null) {
            spec.put("stripPath", strip.asBoolean());
        }
        JsonNode active = fields.get("active");
        if (active != null) {
            spec.put("active", active.asBoolean());
        }
        return spec;
    }

    private ObjectNode key(TrustGateInput.Item item, Fields fields, String label) {
        JsonNode active = fields.get("active");
        if (active != null && !active.asBoolean(true)) {
            lost(label, "active", "an inactive key has no equivalent (an AIKey is always accepted until it "
                    + "expires); not imported");
            return null;
        }
        ObjectNode spec = JSON.objectNode();
        spec.putObject("gatewayRef").put("name", gateway(item, label));
        String expiresAt = fields.text("expires_at");
        if (expiresAt != null && !expiresAt.startsWith(GO_ZERO_TIME)) {
            try {
                if (!OffsetDateTime.parse(expiresAt).toInstant().isAfter(options.clock().instant())) {
                    converted(label, "expires_at", expiresAt + " has passed: the gateway refuses the key (KeyExpired), "
                            + "as TrustGate does; set a later spec.expiresAt to accept it");
                }
                spec.put("expiresAt", expiresAt);
            } catch (DateTimeParseException e) {
                lost(label, "expires_at", quoted(expiresAt) + " is not an RFC 3339 time; the key does not expire");
            }
        }
        String name = nameOf.get(item);
        String generated = GatewayObjects.generatedKeySecretName(name);
        String value = fields.text("key");
        if (value != null && options.includeSecrets()) {
            spec.putObject("secretRef").put("name", generated).put("key", GatewayObjects.GENERATED_KEY_DATA_KEY);
            Map<String, String> data = new LinkedHashMap<>();
            data.put(GatewayObjects.GENERATED_KEY_DATA_KEY, value);
            addSecret(generated, data, "the client key of AIKey " + name);
        } else if (value != null) {
            // A placeholder client key would be a key anyone can guess: let the operator generate one instead.
            converted(label, "key", "not copied (no --include-secrets): the operator generates a new key into "
                    + "Secret " + generated + "; clients need it, or rerun with --include-secrets to keep theirs");
        } else {
            converted(label, "key", "TrustGate made the key when the request ran and the input does not hold it: "
                    + "the operator generates a new one into Secret " + generated + "; clients need it");
        }
        return spec;
    }

    /**
     * The name of the resource {@code fields}' {@code <kind>_id} refers to, or null (with a finding) when it was
     * not imported.
     */
    private String reference(TrustGateInput.Item item, Fields fields, TrustGateKind kind, String label) {
        String field = kind.singular() + "_id";
        String ref = fields.text(field);
        TrustGateInput.Item target = resolve(kind, ref, item, label, field);
        if (target == null || !written.contains(target)) {
            lost(label, field, (ref == null ? "missing" : "refers to " + kind.singular() + " " + quoted(ref)
                    + (target == null ? ", which is not in the input" : ", which was not imported (see above)"))
                    + "; not imported");
            return null;
        }
        return nameOf.get(target);
    }

    /** The AIGateway a rule or key belongs to: from its gateway_id, else its request path's. */
    private String gateway(TrustGateInput.Item item, String label) {
        String own = item.body().path("gateway_id").asText(null);
        String ref = own == null || own.isEmpty() ? item.gatewayRef() : own;
        TrustGateInput.Item gateway = resolve(TrustGateKind.GATEWAY, ref, item, label, "gateway_id");
        if (gateway != null) {
            return nameOf.get(gateway);
        }
        String missing = ref == null || isPlaceholder(ref) ? "the gateway" : "gateway " + quoted(ref);
        return missingGateways.computeIfAbsent(missing, m -> {
            String name = names.unique(TrustGateKind.GATEWAY.ourKind(),
                    ref == null || isPlaceholder(ref) ? "gateway" : "gateway-" + ref, "gateway");
            String gatewayLabel = TrustGateKind.GATEWAY.ourKind() + " " + name;
            lost(gatewayLabel, "gateway_id", missing + " that " + label + " belongs to is not in the input: "
                    + "written with our defaults (no hostnames: it answers every host)");
            resources.get(TrustGateKind.GATEWAY).add(new Imported(
                    resource(TrustGateKind.GATEWAY.ourKind(), name, gatewaySpec()),
                    "not in the input: " + missing + " of " + item.source()));
            return name;
        });
    }

    /**
     * The item a reference names: by id, or for a placeholder the one of that kind created last before
     * {@code from} (the only one of its kind when none comes before). Null when there is none.
     */
    private TrustGateInput.Item resolve(TrustGateKind kind, String ref, TrustGateInput.Item from, String label,
            String field) {
        List<TrustGateInput.Item> ofKind = items.stream().filter(item -> item.kind() == kind).toList();
        if (ref != null && !isPlaceholder(ref)) {
            return ofKind.stream().filter(item -> ref.equals(item.body().path("id").asText(null))).findFirst()
                    .orElse(null);
        }
        List<TrustGateInput.Item> before = ofKind.stream()
                .filter(item -> position.get(item) < position.get(from)).toList();
        TrustGateInput.Item chosen = !before.isEmpty() ? before.get(before.size() - 1)
                : ofKind.size() == 1 ? ofKind.get(0) : null;
        if (chosen != null && ofKind.size() > 1) {
            converted(label, field, (ref == null ? "not given" : quoted(ref) + " is a placeholder") + "; taken as "
                    + kind.singular() + " " + nameOf.get(chosen) + ", the last one before it in the input");
        }
        return chosen;
    }

    static boolean isPlaceholder(String ref) {
        return ref.isBlank() || PLACEHOLDER_ID.matcher(ref).matches();
    }

    /**
     * Adds a Secret holding {@code data}; the values are the input's with {@code --include-secrets}, else
     * placeholders (the caller has already chosen).
     */
    void addSecret(String name, Map<String, String> data, String what) {
        ObjectNode secret = JSON.objectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", name);
        if (options.namespace() != null) {
            metadata.put("namespace", options.namespace());
        }
        secret.put("type", "Opaque");
        ObjectNode stringData = secret.putObject("stringData");
        data.forEach(stringData::put);
        secrets.add(new Imported(secret, what + (options.includeSecrets() ? ", copied from the input"
                : "; placeholders: replace " + PLACEHOLDER + " before applying")));
    }

    String secretName(String wanted) {
        return names.unique("Secret", wanted, "secret");
    }

    Options options() {
        return options;
    }

    /** Reports every field of {@code fields} that says something and that nobody read. */
    void reportUnread(String resource, Fields fields) {
        for (Map.Entry<String, JsonNode> unread : fields.unread()) {
            lost(resource, unread.getKey(), UNREAD_REASONS.getOrDefault(unread.getKey(), "no equivalent here"));
        }
    }

    void lost(String resource, String field, String message) {
        findings.add(new Finding(resource, field, message, true));
    }

    void converted(String resource, String field, String message) {
        findings.add(new Finding(resource, field, message, false));
    }

    private ObjectNode resource(String kind, String name, ObjectNode spec) {
        ObjectNode resource = JSON.objectNode();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", kind);
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", name);
        if (options.namespace() != null) {
            metadata.put("namespace", options.namespace());
        }
        resource.set("spec", spec);
        return resource;
    }

    static String quoted(String value) {
        return "'" + value + "'";
    }
}
