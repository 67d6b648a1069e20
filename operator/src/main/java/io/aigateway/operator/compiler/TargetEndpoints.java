package io.aigateway.operator.compiler;

import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Resolves where a target's API lives from baseUrl, host/port/protocol, or the provider's public endpoint. */
final class TargetEndpoints {

    private TargetEndpoints() {
    }

    /** The resolved endpoint, or a message saying what to fix. */
    sealed interface Resolution permits Resolved, Unresolvable {
    }

    record Resolved(Endpoint endpoint) implements Resolution {
    }

    record Unresolvable(String message) implements Resolution {
    }

    /**
     * @param region the AWS region of a Bedrock target or the location of a Vertex AI one, null otherwise
     */
    static Resolution resolve(TargetSpec target, Provider provider, String region) {
        if (target.getBaseUrl() != null && target.getHost() != null) {
            return new Unresolvable("set baseUrl or host, not both");
        }
        if (target.getHost() == null && (target.getPort() != null || target.getProtocol() != null)) {
            return new Unresolvable("port and protocol go with host; use baseUrl or add host");
        }
        if (target.getBaseUrl() != null) {
            return fromBaseUrl(target.getBaseUrl());
        }
        if (target.getHost() != null) {
            return fromHost(target, provider);
        }
        return publicEndpoint(provider, region);
    }

    private static Resolution fromBaseUrl(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return new Unresolvable("baseUrl '" + baseUrl + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return new Unresolvable("baseUrl '" + baseUrl + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            return new Unresolvable("baseUrl '" + baseUrl + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return new Unresolvable("baseUrl must not carry user info, a query or a fragment; put credentials in "
                    + "credentials");
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        String path = uri.getRawPath() == null ? "" : stripTrailingSlash(uri.getRawPath());
        return new Resolved(new Endpoint(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path));
    }

    private static Resolution fromHost(TargetSpec target, Provider provider) {
        String protocol = target.getProtocol() == null ? "https" : target.getProtocol();
        if (!"http".equals(protocol) && !"https".equals(protocol)) {
            return new Unresolvable("protocol must be http or https, was '" + protocol + "'");
        }
        int port = target.getPort() == null ? defaultPort(protocol) : target.getPort();
        if (port < 1 || port > 65_535) {
            return new Unresolvable("port must be between 1 and 65535, was " + port);
        }
        return new Resolved(new Endpoint(protocol, target.getHost().toLowerCase(Locale.ROOT), port,
                defaultBasePath(provider)));
    }

    private static Resolution publicEndpoint(Provider provider, String region) {
        return switch (provider) {
            case OPENAI -> new Resolved(new Endpoint("https", "api.openai.com", 443, "/v1"));
            case ANTHROPIC -> new Resolved(new Endpoint("https", "api.anthropic.com", 443, "/v1"));
            case GEMINI -> new Resolved(new Endpoint("https", "generativelanguage.googleapis.com", 443, "/v1beta"));
            case BEDROCK -> region == null
                    ? new Unresolvable("a bedrock target needs credentials.aws.region (or a baseUrl)")
                    : new Resolved(new Endpoint("https", "bedrock-runtime." + region + ".amazonaws.com", 443, ""));
            case VERTEX -> region == null
                    ? new Unresolvable("a vertex target needs credentials.vertex.location (or a baseUrl)")
                    : new Resolved(new Endpoint("https", vertexHost(region), 443, "/v1"));
            case AZURE -> new Unresolvable("an azure target needs baseUrl, for example "
                    + "https://<resource>.openai.azure.com");
            case OPENAI_COMPATIBLE -> new Unresolvable("an openai-compatible target needs baseUrl, for example "
                    + "http://vllm.ml.svc:8000/v1");
        };
    }

    /** Vertex AI's host for a location: regional, or one host for the {@code global} location. */
    private static String vertexHost(String location) {
        return "global".equals(location) ? "aiplatform.googleapis.com" : location + "-aiplatform.googleapis.com";
    }

    /** Whether the target talks to the provider's public endpoint (which always wants credentials). */
    static boolean isPublicEndpoint(TargetSpec target) {
        return target.getBaseUrl() == null && target.getHost() == null;
    }

    /** The API root under a bare host, as each provider lays out its paths. */
    private static String defaultBasePath(Provider provider) {
        return switch (provider) {
            case OPENAI, ANTHROPIC, OPENAI_COMPATIBLE, VERTEX -> "/v1";
            case GEMINI -> "/v1beta";
            case BEDROCK, AZURE -> "";
        };
    }

    private static int defaultPort(String protocol) {
        return "https".equals(protocol) ? 443 : 80;
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The endpoint as a URL a person can read, with the target's path when it has one. */
    static String describe(Endpoint endpoint, String path) {
        boolean defaultPort = endpoint.port() == defaultPort(endpoint.protocol());
        return endpoint.protocol() + "://" + endpoint.host() + (defaultPort ? "" : ":" + endpoint.port())
                + (path != null ? path : endpoint.basePath());
    }
}
