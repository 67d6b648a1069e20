package io.aigateway.operator.reconciler.upstream;

import static io.aigateway.operator.reconciler.Fixtures.apiKey;
import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.secret;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AwsCredentialsSpec;
import io.aigateway.operator.api.v1alpha1.AzureCredentialsSpec;
import io.aigateway.operator.api.v1alpha1.CredentialsSpec;
import io.aigateway.operator.api.v1alpha1.HeaderCredentialSpec;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class SecretToAIUpstreamMapperTest {

    @Test
    void shouldMapSecretToEveryUpstreamOfItsNamespaceThatTakesCredentialsFromIt() {
        var mapper = new SecretToAIUpstreamMapper(ListIndex.of(Indexes.UPSTREAM_SECRETS,
                upstream("ns", "a", apiKey("keys")),
                upstream("ns", "b", apiKey("other"), apiKey("keys")),
                upstream("ns", "c", apiKey("other")),
                upstream("elsewhere", "d", apiKey("keys"))));

        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "keys"))).containsExactlyInAnyOrder(id("ns", "a"),
                id("ns", "b"));
    }

    @Test
    void shouldMapSecretReferencedByHeaderAwsOrAzureCredentials() {
        CredentialsSpec header = new CredentialsSpec();
        HeaderCredentialSpec headerSpec = new HeaderCredentialSpec();
        headerSpec.setName("x-token");
        headerSpec.setValueFrom(new SecretKeyRef("header-secret", "token"));
        header.setHeader(headerSpec);
        CredentialsSpec aws = new CredentialsSpec();
        AwsCredentialsSpec awsSpec = new AwsCredentialsSpec();
        awsSpec.setAccessKeyId(new SecretKeyRef("aws-id", "id"));
        awsSpec.setSecretAccessKey(new SecretKeyRef("aws-secret", "secret"));
        awsSpec.setSessionToken(new SecretKeyRef("aws-session", "token"));
        aws.setAws(awsSpec);
        CredentialsSpec azure = new CredentialsSpec();
        AzureCredentialsSpec azureSpec = new AzureCredentialsSpec();
        azureSpec.setApiKey(new SecretKeyRef("azure-key", "key"));
        azure.setAzure(azureSpec);
        var mapper = new SecretToAIUpstreamMapper(ListIndex.of(Indexes.UPSTREAM_SECRETS,
                upstream("ns", "header", header), upstream("ns", "aws", aws), upstream("ns", "azure", azure)));

        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "header-secret"))).containsExactly(id("ns", "header"));
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "aws-id"))).containsExactly(id("ns", "aws"));
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "aws-secret"))).containsExactly(id("ns", "aws"));
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "aws-session"))).containsExactly(id("ns", "aws"));
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "azure-key"))).containsExactly(id("ns", "azure"));
    }

    @Test
    void shouldMapUnreferencedSecretToNothing() {
        var mapper = new SecretToAIUpstreamMapper(ListIndex.of(Indexes.UPSTREAM_SECRETS,
                upstream("ns", "a", apiKey("keys")), upstream("ns", "no-credentials", (CredentialsSpec) null)));

        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "unrelated"))).isEmpty();
    }
}
