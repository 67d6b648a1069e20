package io.aigateway.operator.reconciler.rule;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.MovedReferenceEventSource;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIRuleToSiblingAIRuleMapperTest {

    private final AIRuleToSiblingAIRuleMapper mapper = new AIRuleToSiblingAIRuleMapper(
            ListIndex.of(Indexes.RULE_GATEWAY,
                    rule("ns", "older", "gw", "svc"),
                    rule("ns", "newer", "gw", "svc"),
                    rule("ns", "third", "gw", "other-svc"),
                    rule("ns", "other-gateway", "other-gw", "svc"),
                    rule("other-ns", "older", "gw", "svc")));

    @Test
    void shouldMapRuleToTheOtherRulesOfItsGatewayButNotItself() {
        assertThat(mapper.toPrimaryResourceIDs(rule("ns", "older", "gw", "svc")))
                .containsExactlyInAnyOrder(id("ns", "newer"), id("ns", "third"));
    }

    @Test
    void shouldMapDeletedRuleToTheRulesItMayHaveBlocked() {
        // A deleted rule is no longer in the index; its siblings still are.
        assertThat(mapper.toPrimaryResourceIDs(rule("ns", "deleted", "gw", "svc")))
                .containsExactlyInAnyOrder(id("ns", "older"), id("ns", "newer"), id("ns", "third"));
    }

    @Test
    void shouldMapRuleAloneOnItsGatewayToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(rule("ns", "other-gateway", "other-gw", "svc"))).isEmpty();
    }

    @Test
    void shouldMapRuleMovedToAnotherGatewayToTheSiblingsItLeftToo() {
        // The index already files the moved rule under its new gateway.
        assertThat(MovedReferenceEventSource.primariesLeft(mapper, rule("ns", "other-gateway", "gw", "svc"),
                rule("ns", "other-gateway", "other-gw", "svc")))
                .containsExactlyInAnyOrder(id("ns", "older"), id("ns", "newer"), id("ns", "third"));
    }
}
