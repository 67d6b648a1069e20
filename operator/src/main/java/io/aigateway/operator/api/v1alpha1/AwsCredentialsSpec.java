package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** AWS credentials for Bedrock. */
public class AwsCredentialsSpec {

    @Required
    @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
    @JsonPropertyDescription("AWS region of the Bedrock endpoint, for example us-east-1.")
    private String region;

    @Required
    @JsonPropertyDescription("Secret key holding the AWS access key id.")
    private SecretKeyRef accessKeyId;

    @Required
    @JsonPropertyDescription("Secret key holding the AWS secret access key.")
    private SecretKeyRef secretAccessKey;

    @JsonPropertyDescription("Secret key holding an AWS session token, for temporary credentials.")
    private SecretKeyRef sessionToken;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public SecretKeyRef getAccessKeyId() {
        return accessKeyId;
    }

    public void setAccessKeyId(SecretKeyRef accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public SecretKeyRef getSecretAccessKey() {
        return secretAccessKey;
    }

    public void setSecretAccessKey(SecretKeyRef secretAccessKey) {
        this.secretAccessKey = secretAccessKey;
    }

    public SecretKeyRef getSessionToken() {
        return sessionToken;
    }

    public void setSessionToken(SecretKeyRef sessionToken) {
        this.sessionToken = sessionToken;
    }
}
