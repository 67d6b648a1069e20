package io.aigateway.cli.schema;

import static io.aigateway.cli.schema.ResourceValidatorTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every CEL rule of every CRD, evaluated on a value that passes and one that fails, so that a rule that does not
 * compile, or no longer means what it should, fails the build. A new rule without cases here fails too.
 */
class CelRulesTest {

    private static final ResourceValidator VALIDATOR = ResourceValidator.fromClasspath();

    /** Passing and failing {@code self}, in YAML. */
    record Case(String passing, String failing) {
    }

    /** Keyed by {@code Kind path: message}. */
    private static final Map<String, Case> CASES = Map.of(
            "AIUpstream spec.targets: target names must be unique within an upstream",
            new Case("[{name: a}, {name: b}]", "[{name: a}, {name: b}, {name: a}]"),
            "AIUpstream spec.targets[*]: set baseUrl or host, not both",
            new Case("{provider: openai, baseUrl: 'https://api.openai.com/v1'}",
                    "{provider: openai, baseUrl: 'https://api.openai.com/v1', host: api.openai.com}"),
            "AIUpstream spec.targets[*]: port and protocol go with host",
            new Case("{provider: openai, host: api.openai.com, port: 443, protocol: https}",
                    "{provider: openai, baseUrl: 'https://api.openai.com/v1', port: 443}"),
            "AIUpstream spec.targets[*]: an openai-compatible target needs baseUrl or host",
            new Case("{provider: openai-compatible, host: vllm.ml.svc}", "{provider: openai-compatible}"),
            "AIUpstream spec.targets[*]: an azure target needs baseUrl (https://<resource>.openai.azure.com) or host",
            new Case("{provider: azure, baseUrl: 'https://x.openai.azure.com'}", "{provider: azure}"),
            "AIUpstream spec.targets[*].credentials: set one of apiKey, header, aws or azure",
            new Case("{apiKey: {name: keys, key: openai}}",
                    "{apiKey: {name: keys, key: openai}, aws: {region: us-east-1}}"));

    private static String key(ResourceValidator.Rule rule) {
        return rule.kind() + " " + rule.path() + ": " + rule.message();
    }

    @Test
    void shouldHaveCasesForExactlyTheRulesInTheCrds() {
        Set<String> rules = VALIDATOR.rules().stream().map(CelRulesTest::key).collect(Collectors.toSet());
        assertThat(rules)
                .as("every x-kubernetes-validations rule needs a passing and a failing case in CelRulesTest")
                .containsExactlyInAnyOrderElementsOf(CASES.keySet());
    }

    @TestFactory
    Stream<DynamicTest> shouldPassAndFailEachRule() {
        List<ResourceValidator.Rule> rules = VALIDATOR.rules();
        assertThat(rules).isNotEmpty();
        return rules.stream().filter(rule -> CASES.containsKey(key(rule))).map(rule -> DynamicTest.dynamicTest(
                key(rule), () -> {
                    Case c = CASES.get(key(rule));
                    assertThat(VALIDATOR.cel().test(rule.rule(), yaml(c.passing())))
                            .as("%s on %s", rule.rule(), c.passing()).isTrue();
                    assertThat(VALIDATOR.cel().test(rule.rule(), yaml(c.failing())))
                            .as("%s on %s", rule.rule(), c.failing()).isFalse();
                }));
    }

    @Test
    void shouldReportARuleThatDoesNotCompile() {
        assertThatThrownBy(() -> new CelRules().test("self.all(x, ", yaml("[1]")))
                .isInstanceOf(CelRules.InvalidRuleException.class)
                .hasMessageContaining("does not compile");
    }

    @Test
    void shouldReportARuleThatIsNotABoolean() {
        assertThatThrownBy(() -> new CelRules().program("self.size()"))
                .isInstanceOf(CelRules.InvalidRuleException.class);
    }
}
