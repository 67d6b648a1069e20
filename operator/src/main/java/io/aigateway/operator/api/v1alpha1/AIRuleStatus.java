package io.aigateway.operator.api.v1alpha1;

/** Observed state of an AIRule, written by the operator. */
public class AIRuleStatus extends ConditionedStatus {
}
