package io.aigateway.proxy.http;

import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.CredentialInjector;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds what a forwarded request sends to a target: its URI and headers. Pure; the credentials come from
 * {@link CredentialInjector}.
 */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    /**
     * The request URI on the target: its fixed path when set, otherwise its base path plus the request's path, a
     * leading {@code /v1} dropped because OpenAI's paths are relative to the API root; the query string kept.
     *
     * @param path the request path after the route (its prefix already removed when the route strips it)
     */
    static String uri(Target target, String path, String query) {
        String p;
        if (target.path() != null && !target.path().isEmpty()) {
            p = target.path();
        } else {
            String rest = path;
            if (rest.equals("/v1")) {
                rest = "";
            } else if (rest.startsWith("/v1/")) {
                rest = rest.substring(3);
            }
            Endpoint endpoint = target.endpoint();
            String base = endpoint.basePath();
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            p = base + rest;
            if (p.isEmpty()) {
                p = "/";
            } else if (!p.startsWith("/")) {
                p = "/" + p;
            }
        }
        return query == null || query.isEmpty() ? p : p + (p.contains("?") ? "&" : "?") + query;
    }

    /**
     * The client's headers minus hop-by-hop ones, Host, Content-Length, Expect and every client-key header; plus
     * the target's headers. The answer is asked for uncompressed ({@code Accept-Encoding: identity}): the gateway
     * reads what it relays (usage, a JSON answer's well-formedness, credentials a provider echoes in an error).
     */
    static MultiMap headers(MultiMap client, List<ClientKeyHeader> keyHeaders, Target target) {
        MultiMap out = HttpHeaders.headers();
        Predicate<String> hopByHop = HopByHop.of(client);
        for (Map.Entry<String, String> h : client) {
            String name = h.getKey();
            if (hopByHop.test(name)
                    || name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("expect")
                    || name.equalsIgnoreCase("accept-encoding")
                    || isKeyHeader(name, keyHeaders)) {
                continue;
            }
            out.add(name, h.getValue());
        }
        out.set(HttpHeaders.ACCEPT_ENCODING, "identity");
        target.headers().forEach(out::set);
        return out;
    }

    private static boolean isKeyHeader(String name, List<ClientKeyHeader> keyHeaders) {
        for (ClientKeyHeader k : keyHeaders) {
            if (k.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
