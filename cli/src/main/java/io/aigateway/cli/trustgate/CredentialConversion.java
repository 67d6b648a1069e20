package io.aigateway.cli.trustgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A TrustGate target's {@code credentials} to ours: the values go to the upstream's Secret, the target refers to
 * them.
 * <ul>
 *   <li>{@code header_name}/{@code header_value}: {@code apiKey} when it is the header the provider reads its key
 *       from ({@code Authorization: Bearer} for OpenAI, {@code x-api-key} for Anthropic, ...), else
 *       {@code header} with the whole value;</li>
 *   <li>{@code api_key}: {@code apiKey}; on an azure target {@code azure.apiKey}, with {@code azure_endpoint} as
 *       the target's baseUrl and {@code azure_version} as apiVersion;</li>
 *   <li>{@code aws_*}: {@code aws}.</li>
 * </ul>
 */
final class CredentialConversion {

    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "proxy-authorization");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern AZURE_API_VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?");

    private final UpstreamConversion upstream;
    private final String path;
    private final String provider;
    private final String target;
    private final ObjectNode targetNode;

    /**
     * @param path the credentials' field path, for messages
     * @param target the target's name: the Secret keys start with it
     * @param targetNode the converted target, which gets {@code credentials} (and an azure target its baseUrl)
     */
    CredentialConversion(UpstreamConversion upstream, String path, String provider, String target,
            ObjectNode targetNode) {
        this.upstream = upstream;
        this.path = path;
        this.provider = provider;
        this.target = target;
        this.targetNode = targetNode;
    }

    static boolean isCredentialHeader(String header) {
        return CREDENTIAL_HEADERS.contains(header.toLowerCase(Locale.ROOT));
    }

    /** Sets the target's credentials; false (with findings) when the target cannot be carried over. */
    boolean convert(Fields c) {
        boolean converted = switch (provider) {
            case "bedrock" -> aws(c);
            case "azure" -> azure(c);
            default -> apiKeyOrHeader(c);
        };
        upstream.reportUnread(c);
        return converted;
    }

    private boolean apiKeyOrHeader(Fields c) {
        String headerName = c.text("header_name");
        if (headerName != null) {
            String value = text(c, "header_value");
            String[] keyHeader = UpstreamConversion.keyHeader(provider);
            boolean providersOwn = keyHeader[0].equalsIgnoreCase(headerName)
                    && (value == null || value.regionMatches(true, 0, keyHeader[1], 0, keyHeader[1].length()));
            if (providersOwn) {
                String key = value == null ? null : value.substring(keyHeader[1].length()).strip();
                credentials().set("apiKey", upstream.secretKey(target, key, "", c.path("header_value")));
            } else {
                if (keyHeader[0].equalsIgnoreCase(headerName)) {
                    upstream.converted(c.path("header_value"), "does not start with '" + keyHeader[1]
                            + "', as " + provider + " expects; sent as is, as TrustGate does");
                } else if (isCredentialHeader(headerName)) {
                    upstream.converted(c.path("header_name"), headerName + " is not the header " + provider
                            + " reads its key from (" + keyHeader[0] + "); sent as is, as TrustGate does");
                }
                ObjectNode header = credentials().putObject("header");
                header.put("name", headerName);
                header.set("valueFrom", upstream.secretKey(target, value, scheme(value), c.path("header_value")));
            }
            return true;
        }
        if (c.has("api_key")) {
            credentials().set("apiKey", upstream.secretKey(target, text(c, "api_key"), "", c.path("api_key")));
        }
        return true;
    }

    private boolean aws(Fields c) {
        String region = c.text("aws_region");
        if (region == null || !AWS_REGION.matcher(region).matches()) {
            upstream.lost(c.path("aws_region"), (region == null ? "missing" : TrustGateImport.quoted(region)
                    + " is not an AWS region") + ": a bedrock target needs one; target left out");
            return false;
        }
        ObjectNode aws = credentials().putObject("aws");
        aws.put("region", region);
        aws.set("accessKeyId", upstream.secretKey(target + "-access-key-id", text(c, "aws_access_key_id"), "",
                c.path("aws_access_key_id")));
        aws.set("secretAccessKey", upstream.secretKey(target + "-secret-access-key",
                text(c, "aws_secret_access_key"), "", c.path("aws_secret_access_key")));
        String sessionToken = text(c, "aws_session_token");
        if (sessionToken != null && !sessionToken.isEmpty()) { // empty: long-lived keys, no token
            aws.set("sessionToken", upstream.secretKey(target + "-session-token", sessionToken, "",
                    c.path("aws_session_token")));
        }
        return true;
    }

    private boolean azure(Fields c) {
        JsonNode managedIdentity = c.get("azure_use_managed_identity");
        if (managedIdentity != null && managedIdentity.asBoolean()) {
            upstream.lost(c.path("azure_use_managed_identity"), "managed identities have no equivalent; an "
                    + "api_key is needed");
        }
        String endpoint = c.text("azure_endpoint");
        if (endpoint != null && !targetNode.has("host")) {
            targetNode.put("baseUrl", endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1)
                    : endpoint);
        } else if (endpoint == null && !targetNode.has("host")) {
            upstream.lost(c.path("azure_endpoint"), "missing: an azure target needs its resource's endpoint; "
                    + "target left out");
            return false;
        }
        String deployment = c.text("azure_deployment");
        if (deployment == null) {
            deployment = targetNode.path("defaultModel").asText(null);
            if (deployment == null) {
                upstream.lost(c.path("azure_deployment"), "missing, and no default_model to take it from: an "
                        + "azure target needs a deployment; target left out");
                return false;
            }
            upstream.converted(c.path("azure_deployment"), "not set; the deployment is taken to be named after "
                    + "default_model, " + deployment);
        }
        String version = c.text("azure_version");
        if (version == null || !AZURE_API_VERSION.matcher(version).matches()) {
            upstream.converted(c.path("azure_version"), (version == null ? "empty" : TrustGateImport.quoted(version)
                    + " is not an api-version") + "; " + UpstreamConversion.DEFAULT_AZURE_API_VERSION
                    + " is used");
            version = UpstreamConversion.DEFAULT_AZURE_API_VERSION;
        }
        ObjectNode azure = credentials().putObject("azure");
        azure.set("apiKey", upstream.secretKey(target, text(c, "api_key"), "", c.path("api_key")));
        azure.put("deployment", deployment);
        azure.put("apiVersion", version);
        return true;
    }

    private ObjectNode credentials() {
        return targetNode.withObject("credentials");
    }

    /** A credential value as given, empty included; never trimmed of what the provider may need. */
    private static String text(Fields c, String field) {
        JsonNode value = c.get(field);
        return value == null ? null : value.asText();
    }

    /** "Bearer " of "Bearer sk-...", kept in a placeholder so that it still reads as the header's form. */
    private static String scheme(String value) {
        if (value == null) {
            return "";
        }
        int space = value.indexOf(' ');
        return space > 0 ? value.substring(0, space + 1) : "";
    }
}
