package io.aigateway.cli.trustgate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.cli.resources.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads TrustGate admin API JSON into {@link Item}s. A file (or stdin, {@code -}) holds one JSON document, which is
 * <ul>
 *   <li>a request: {@code {"request": "POST /api/v1/gateways/{gateway_id}/upstreams", "body": {...}}}; the path
 *       says the kind and the gateway;</li>
 *   <li>a resource object, as the admin API takes or returns it, whose kind is told by its fields:
 *       {@code targets} an upstream, {@code upstream_id} a service, {@code service_id} a rule, {@code subdomain} a
 *       gateway, {@code expires_at} or {@code key} a key;</li>
 *   <li>an export grouped by kind: {@code {"gateways": [...], "upstreams": [...], "services": [...], "rules": [...],
 *       "keys": [...]}};</li>
 *   <li>an array of requests and resource objects.</li>
 * </ul>
 * A directory is every {@code *.json} below it, in path order. The documentation's examples parse as written: comments
 * ({@code //}, {@code #}) and trailing commas are accepted.
 */
public final class TrustGateInput {

    /**
     * One TrustGate resource.
     *
     * @param gatewayRef the gateway of the request path ({@code {gateway_id}} or an id), null when there is none
     * @param source where it came from, for messages: {@code dump.json#3}
     */
    public record Item(TrustGateKind kind, ObjectNode body, String gatewayRef, String source) {
    }

    /** What was read, in input order, and what could not be. */
    public record Read(List<Item> items, List<String> errors) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA)
            // One document per file: a second one (JSON lines, say) is an error, not silently left out.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<Item> items = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private TrustGateInput() {
    }

    /** Reads the paths in the order given; {@code -} is stdin. */
    public static Read read(List<Path> paths, InputStream stdin) {
        TrustGateInput input = new TrustGateInput();
        for (Path path : paths) {
            if (path.toString().equals("-")) {
                input.readDocument(() -> JSON.readTree(stdin), "stdin");
            } else {
                for (Path file : InputFiles.list(path, List.of(".json"), input.errors)) {
                    input.readDocument(() -> JSON.readTree(file.toFile()), file.toString());
                }
            }
        }
        return new Read(List.copyOf(input.items), List.copyOf(input.errors));
    }

    private interface Parse {
        JsonNode parse() throws IOException;
    }

    private void readDocument(Parse parse, String source) {
        JsonNode document;
        try {
            document = parse.parse();
        } catch (JsonProcessingException e) {
            // Where only: Jackson's message quotes the offending input, which may be a credential.
            JsonLocation at = e.getLocation();
            errors.add(source + ": not valid JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
            return;
        } catch (IOException e) {
            errors.add(source + ": cannot read: " + e.getMessage());
            return;
        }
        if (document == null || document.isMissingNode()) {
            errors.add(source + ": empty");
        } else if (document.isArray()) {
            int index = 0;
            for (JsonNode element : document) {
                readElement(element, null, source + "#" + ++index);
            }
        } else if (isExport(document)) {
            int index = 0;
            for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
                String collection = names.next();
                TrustGateKind kind = TrustGateKind.ofCollection(collection).orElseThrow();
                for (JsonNode element : elements(document.get(collection))) {
                    readElement(element, kind, source + "#" + ++index);
                }
            }
        } else {
            readElement(document, null, source);
        }
    }

    private static boolean isExport(JsonNode document) {
        if (!document.isObject() || document.isEmpty()) {
            return false;
        }
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            if (TrustGateKind.ofCollection(names.next()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Iterable<JsonNode> elements(JsonNode group) {
        return group.isArray() ? group : List.of(group);
    }

    private void readElement(JsonNode element, TrustGateKind groupKind, String source) {
        if (!element.isObject()) {
            errors.add(source + ": not a JSON object");
            return;
        }
        ObjectNode object = (ObjectNode) element;
        if (groupKind == null && object.has("request")) {
            readRequest(object, source);
            return;
        }
        Optional<TrustGateKind> kind = groupKind != null ? Optional.of(groupKind) : kindByFields(object);
        if (kind.isEmpty()) {
            errors.add(source + ": cannot tell which TrustGate resource this is; give it as a request "
                    + "({\"request\": \"POST /api/v1/gateways/{gateway_id}/upstreams\", \"body\": {...}}) or "
                    + "under its collection in an export ({\"upstreams\": [...]})");
            return;
        }
        items.add(new Item(kind.get(), object, null, source));
    }

    private void readRequest(ObjectNode request, String source) {
        String line = request.path("request").asText("").trim();
        String[] parts = line.split("\\s+");
        JsonNode body = request.get("body");
        if (parts.length != 2 || !(parts[0].equals("POST") || parts[0].equals("PUT"))) {
            errors.add(source + ": request '" + line + "' is not 'POST <path>' or 'PUT <path>'");
            return;
        }
        if (body == null || !body.isObject()) {
            errors.add(source + ": request '" + line + "' has no JSON object as body");
            return;
        }
        List<String> segments = pathSegments(parts[1]);
        int at = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (TrustGateKind.ofCollection(segments.get(i)).isPresent()) {
                at = i;
            }
        }
        if (at < 0) {
            errors.add(source + ": request path '" + parts[1] + "' names none of gateways, upstreams, services, "
                    + "rules, keys");
            return;
        }
        TrustGateKind kind = TrustGateKind.ofCollection(segments.get(at)).orElseThrow();
        int gatewayAt = segments.indexOf(TrustGateKind.GATEWAY.collection());
        String gatewayRef = kind != TrustGateKind.GATEWAY && gatewayAt >= 0 && gatewayAt + 1 < segments.size()
                ? segments.get(gatewayAt + 1) : null;
        ObjectNode resource = (ObjectNode) body.deepCopy();
        if (at + 1 < segments.size() && !resource.has("id")) {
            resource.put("id", segments.get(at + 1)); // PUT .../upstreams/{id}: the body is that resource
        }
        items.add(new Item(kind, resource, gatewayRef, source));
    }

    /** The path's segments; a full URL's scheme and host, and any query, left out. Placeholders stay as written. */
    private static List<String> pathSegments(String target) {
        String path = target;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static Optional<TrustGateKind> kindByFields(ObjectNode object) {
        if (object.has("targets")) {
            return Optional.of(TrustGateKind.UPSTREAM);
        }
        if (object.has("upstream_id")) {
            return Optional.of(TrustGateKind.SERVICE);
        }
        if (object.has("service_id")) {
            return Optional.of(TrustGateKind.RULE);
        }
        if (object.has("subdomain")) {
            return Optional.of(TrustGateKind.GATEWAY);
        }
        if (object.has("expires_at") || object.has("key")) {
            return Optional.of(TrustGateKind.KEY);
        }
        return Optional.empty();
    }
}
