package io.aigateway.deploy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request to the Kubernetes API as its authorizer sees it (the API server's request info): verb, API group,
 * resource with its subresource, namespace and name. A request outside the resource API (discovery, /version)
 * has a {@link #nonResourcePath()} instead.
 *
 * @param namespace empty for a cluster-scoped request or one across all namespaces
 * @param name empty when the request names no object (a create, a list or watch without a name field selector)
 */
record ApiCall(String verb, String group, String resource, String namespace, String name, String nonResourcePath) {

    /** The request info of an HTTP request, after the API server's rules. */
    static ApiCall of(String method, URI uri) {
        List<String> segments = Arrays.stream(uri.getRawPath().split("/")).filter(s -> !s.isEmpty()).toList();
        int start;
        String group;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            group = "";
            start = 2;
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            start = 3;
        } else {
            return new ApiCall(method.toLowerCase(), "", "", "", "", uri.getRawPath());
        }
        List<String> rest = segments.subList(start, segments.size());
        if (rest.isEmpty()) {
            return new ApiCall(method.toLowerCase(), "", "", "", "", uri.getRawPath());
        }
        String namespace = "";
        // namespaces/<ns>/<resource>... is namespaced; namespaces and namespaces/<ns> are the Namespace itself.
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
        Map<String, String> query = query(uri);
        String name = rest.size() >= 2 ? rest.get(1) : nameFromFieldSelector(query.get("fieldSelector"));
        return new ApiCall(verb(method, rest.size() >= 2, query), group, resource, namespace,
                name, "");
    }

    boolean isResourceRequest() {
        return nonResourcePath.isEmpty();
    }

    /** For reports: {@code patch apps/deployments in shop}. */
    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + nonResourcePath;
        }
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                + (name.isEmpty() ? "" : " " + name) + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace);
    }

    private static String verb(String method, boolean namesAnObject, Map<String, String> query) {
        return switch (method) {
            case "GET", "HEAD" -> namesAnObject ? "get"
                    : "true".equals(query.get("watch")) || "1".equals(query.get("watch")) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> namesAnObject ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    /** A list or watch of one object by {@code metadata.name=<name>} is authorised as for that name. */
    private static String nameFromFieldSelector(String selector) {
        if (selector == null) {
            return "";
        }
        return Arrays.stream(selector.split(","))
                .filter(term -> term.startsWith("metadata.name="))
                .map(term -> term.substring("metadata.name=".length()))
                .findFirst().orElse("");
    }

    private static Map<String, String> query(URI uri) {
        if (uri.getRawQuery() == null) {
            return Map.of();
        }
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : "",
                        (first, second) -> first));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
