package io.aigateway.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceValidatorTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ResourceValidator VALIDATOR = ResourceValidator.fromClasspath();

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> problems(String resource) {
        return VALIDATOR.validate(yaml(resource)).stream().map(ResourceValidator.Problem::toString).toList();
    }

    static String upstream(String targets) {
        return """
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: up, namespace: default}
                spec:
                  targets:
                """ + targets.indent(4);
    }

    static String rule(String extra) {
        return """
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: chat, namespace: default}
                spec:
                  gatewayRef: {name: gw}
                  serviceRef: {name: svc}
                """ + extra.indent(2);
    }

    @Test
    void shouldAcceptAValidUpstream() {
        assertThat(problems(upstream("""
                - name: openai
                  provider: openai
                  weight: 100
                  priority: 1
                  credentials:
                    apiKey: {name: keys, key: openai}
                """))).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownProvider() {
        assertThat(problems(upstream("- {name: a, provider: openia}")))
                .containsExactly("spec.targets[0].provider: unsupported value \"openia\", must be one of "
                        + "[\"anthropic\",\"azure\",\"bedrock\",\"gemini\",\"openai\",\"openai-compatible\","
                        + "\"vertex\"]");
    }

    @Test
    void shouldRejectWeightZero() {
        assertThat(problems(upstream("- {name: a, provider: openai, weight: 0}")))
                .containsExactly("spec.targets[0].weight: must have a minimum value of 1");
    }

    @Test
    void shouldRejectWeightAboveHundred() {
        assertThat(problems(upstream("- {name: a, provider: openai, weight: 101}")))
                .containsExactly("spec.targets[0].weight: must have a maximum value of 100");
    }

    @Test
    void shouldRejectPriorityZero() {
        assertThat(problems(upstream("- {name: a, provider: openai, priority: 0}")))
                .containsExactly("spec.targets[0].priority: must have a minimum value of 1");
    }

    @Test
    void shouldRejectDuplicateTargetNames() {
        assertThat(problems(upstream("""
                - {name: a, provider: openai}
                - {name: b, provider: anthropic}
                - {name: a, provider: gemini}
                """))).containsExactly("spec.targets: target names must be unique within an upstream");
    }

    @Test
    void shouldRejectBaseUrlAndHostTogether() {
        assertThat(problems(upstream("- {name: a, provider: openai, baseUrl: 'https://api.openai.com/v1', "
                + "host: api.openai.com}")))
                .containsExactly("spec.targets[0]: set baseUrl or host, not both");
    }

    @Test
    void shouldRejectTwoCredentialForms() {
        assertThat(problems(upstream("""
                - name: a
                  provider: openai
                  credentials:
                    apiKey: {name: keys, key: openai}
                    header: {name: Authorization, valueFrom: {name: keys, key: header}}
                """))).containsExactly("spec.targets[0].credentials: set one of apiKey, header, aws, azure or vertex");
    }

    @Test
    void shouldRejectABadMethod() {
        assertThat(problems(rule("path: /v1\nmethods: [POST, FETCH]"))).containsExactly(
                "spec.methods[1]: unsupported value \"FETCH\", must be one of "
                        + "[\"DELETE\",\"GET\",\"HEAD\",\"OPTIONS\",\"PATCH\",\"POST\",\"PUT\"]");
    }

    // A repeated method and a bad host name are the compiler's to find (CEL over unbounded strings costs too
    // much for the API server): see AigwTest.

    @Test
    void shouldRejectAPathNotStartingWithSlash() {
        assertThat(problems(rule("path: v1"))).containsExactly("spec.path: does not match the regex pattern ^/");
    }

    @Test
    void shouldRejectMissingRequiredFields() {
        assertThat(problems("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: chat, namespace: default}
                spec:
                  gatewayRef: {}
                """)).containsExactly(
                "spec: required property 'path' not found",
                "spec: required property 'serviceRef' not found",
                "spec.gatewayRef: required property 'name' not found");
        assertThat(problems(upstream("[]").replace("targets:\n    []", "algorithm: random")))
                .containsExactly("spec: required property 'targets' not found");
    }

    @Test
    void shouldRejectUnknownFieldsAsKubectlDoesByDefault() {
        assertThat(problems(upstream("- {name: a, provider: openai, wieght: 3}")))
                .containsExactly("spec.targets[0].wieght: unknown field");
    }

    @Test
    void shouldRejectAWrongApiVersionAndAMissingName() {
        assertThat(problems("""
                apiVersion: aigateway.io/v1
                kind: AIGateway
                metadata: {namespace: default}
                spec: {}
                """)).containsExactly("apiVersion: must be aigateway.io/v1alpha1, not 'aigateway.io/v1'",
                "metadata.name: required");
    }
}
