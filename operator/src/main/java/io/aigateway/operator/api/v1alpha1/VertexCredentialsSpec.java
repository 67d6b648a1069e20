package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Google Cloud service account for Gemini models on Vertex AI, with the project and location they run in. */
public class VertexCredentialsSpec {

    @Required
    @JsonPropertyDescription("Secret key holding the service account's JSON key (the file Google Cloud hands out, "
            + "with type service_account, client_email and private_key); the gateway exchanges it for OAuth "
            + "access tokens.")
    private SecretKeyRef serviceAccountKey;

    @Required
    @Pattern(VertexNames.PROJECT_ID)
    @JsonPropertyDescription("Google Cloud project ID, the {project} of projects/{project}/locations/...")
    private String projectId;

    @Required
    @Pattern(VertexNames.LOCATION)
    @JsonPropertyDescription("Vertex AI location, for example us-central1, or global (host aiplatform.googleapis.com "
            + "instead of {location}-aiplatform.googleapis.com).")
    private String location;

    public SecretKeyRef getServiceAccountKey() {
        return serviceAccountKey;
    }

    public void setServiceAccountKey(SecretKeyRef serviceAccountKey) {
        this.serviceAccountKey = serviceAccountKey;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }
}
