package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How the proxy authenticates to a target. Every {@code *Entry} value names an entry of the gateway's credentials
 * Secret ({@code <gateway>-credentials}); the value itself never appears in the routing config. At most one of the
 * four forms is set; none means the target needs no credentials (a local server).
 */
public record Credentials(String apiKeyEntry, HeaderCredential header, AwsCredentials aws, AzureCredentials azure) {

    public static final Credentials NONE = new Credentials(null, null, null, null);

    public Credentials {
        int forms = (apiKeyEntry != null ? 1 : 0) + (header != null ? 1 : 0) + (aws != null ? 1 : 0)
                + (azure != null ? 1 : 0);
        if (forms > 1) {
            throw new IllegalArgumentException("credentials must use one form, found " + forms);
        }
    }

    /**
     * Whether a credential value, its ends trimmed, can be sent in an HTTP header: printable ASCII, spaces and tabs.
     * The compiler refuses a Secret value that is not, once its ends are trimmed (a trailing line break from
     * {@code echo} is trimmed, one inside is refused); the proxy checks again before it sends one.
     */
    public static boolean sendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A header sent as is, for example {@code Authorization: Bearer …}. */
    public record HeaderCredential(String name, String valueEntry) {
        public HeaderCredential {
            Checks.requireText(name, "credentials.header.name");
            Checks.requireText(valueEntry, "credentials.header.valueEntry");
        }
    }

    /** AWS SigV4 signing material. {@code sessionTokenEntry} is null for long-lived keys. */
    public record AwsCredentials(String region, String accessKeyIdEntry, String secretAccessKeyEntry,
            String sessionTokenEntry) {
        public AwsCredentials {
            Checks.requireText(region, "credentials.aws.region");
            Checks.requireText(accessKeyIdEntry, "credentials.aws.accessKeyIdEntry");
            Checks.requireText(secretAccessKeyEntry, "credentials.aws.secretAccessKeyEntry");
        }
    }

    /**
     * An Azure OpenAI key with the deployments and API version its URLs need.
     *
     * @param deployment the deployment of any model {@code deployments} does not name
     * @param deployments model (as the target receives it) to the deployment serving it
     */
    public record AzureCredentials(String apiKeyEntry, String deployment, String apiVersion,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> deployments) {
        public AzureCredentials {
            Checks.requireText(apiKeyEntry, "credentials.azure.apiKeyEntry");
            Checks.requireText(deployment, "credentials.azure.deployment");
            Checks.requireText(apiVersion, "credentials.azure.apiVersion");
            deployments = Checks.mapOrEmpty(deployments);
            deployments.forEach((model, name) -> {
                Checks.requireText(model, "credentials.azure.deployments key");
                Checks.requireText(name, "credentials.azure.deployments[" + model + "]");
            });
        }

        /** One deployment for every model. */
        public AzureCredentials(String apiKeyEntry, String deployment, String apiVersion) {
            this(apiKeyEntry, deployment, apiVersion, Map.of());
        }

        /** The deployment serving {@code model}: its own when {@code deployments} names it, the default otherwise. */
        public String deploymentFor(String model) {
            return model == null ? deployment : deployments.getOrDefault(model, deployment);
        }
    }
}
