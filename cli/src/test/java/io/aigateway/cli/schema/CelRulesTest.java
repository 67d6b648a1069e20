package io.aigateway.cli.schema;

import static io.aigateway.cli.schema.CelRuleCases.CASES;
import static io.aigateway.cli.schema.CelRuleCases.key;
import static io.aigateway.cli.schema.ResourceValidatorTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.cli.schema.CelRuleCases.Case;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Unit tier, no server: every CEL rule of every CRD, evaluated by our own evaluator on the values of
 * {@link CelRuleCases}, one that passes and one that fails, so that a rule that does not compile, or no longer means
 * what it should, fails the build; a new rule without cases fails too. {@link CrdValidationIT} sends the same values
 * to the API server.
 */
class CelRulesTest {

    private static final ResourceValidator VALIDATOR = ResourceValidator.fromClasspath();

    @Test
    void shouldHaveCasesForExactlyTheRulesInTheCrds() {
        Set<String> rules = VALIDATOR.rules().stream().map(CelRuleCases::key).collect(Collectors.toSet());
        assertThat(rules)
                .as("every x-kubernetes-validations rule needs a passing and a failing case in CelRuleCases")
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
