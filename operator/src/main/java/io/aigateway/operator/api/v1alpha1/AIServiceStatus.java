package io.aigateway.operator.api.v1alpha1;

/** Observed state of an AIService, written by the operator. */
public class AIServiceStatus extends ConditionedStatus {
}
