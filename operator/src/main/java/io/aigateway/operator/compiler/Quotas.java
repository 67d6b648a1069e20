package io.aigateway.operator.compiler;

import io.aigateway.model.Budget;
import io.aigateway.model.UsageLimits;
import io.aigateway.operator.api.v1alpha1.BudgetSpec;
import io.aigateway.operator.api.v1alpha1.UsageLimitsSpec;
import io.aigateway.operator.status.Reason;
import java.math.BigDecimal;

/** Checks and compiles the limits of AIKeys, AIRules and AIGateways, and the budgets of AIKeys. */
final class Quotas {

    private Quotas() {
    }

    /**
     * The model form of a {@code limits} field; null when it is unset, or invalid (recorded in findings).
     *
     * @param field where it is, for the messages, for example {@code spec.limits}
     */
    static UsageLimits limits(String field, UsageLimitsSpec spec, Findings findings) {
        if (spec == null) {
            return null;
        }
        Integer requestsPerMinute = spec.getRequestsPerMinute();
        if (requestsPerMinute == null && spec.getTokensPerMinute() == null && spec.getTokensPerDay() == null
                && spec.getTokensPerMonth() == null) {
            findings.invalid(Reason.INVALID_LIMITS, field + " sets no limit; set requestsPerMinute, "
                    + "tokensPerMinute, tokensPerDay or tokensPerMonth, or remove " + field);
            return null;
        }
        int before = findings.size();
        Reason invalid = Reason.INVALID_LIMITS;
        checkPositive(invalid, field + ".requestsPerMinute", requestsPerMinute, findings);
        checkPositive(invalid, field + ".tokensPerMinute", spec.getTokensPerMinute(), findings);
        checkPositive(invalid, field + ".tokensPerDay", spec.getTokensPerDay(), findings);
        checkPositive(invalid, field + ".tokensPerMonth", spec.getTokensPerMonth(), findings);
        return findings.size() > before ? null : new UsageLimits(requestsPerMinute, spec.getTokensPerMinute(),
                spec.getTokensPerDay(), spec.getTokensPerMonth());
    }

    /** Records a limit below 1 as invalid, with {@code reason}; an unset limit (null) is none. */
    static void checkPositive(Reason reason, String field, Number value, Findings findings) {
        if (value != null && value.longValue() < 1) {
            findings.invalid(reason, field + " must be 1 or more (leave it out for no limit), was " + value);
        }
    }

    /** The model form of an AIKey's {@code spec.budget}; null when it is unset, or invalid (recorded in findings). */
    static Budget budget(BudgetSpec spec, Findings findings) {
        if (spec == null) {
            return null;
        }
        Budget.Period period = spec.getPeriod() == null ? null : Enums.parse(Budget.Period.class, spec.getPeriod());
        if (period == null) {
            findings.invalid(Reason.INVALID_BUDGET, "spec.budget.period '" + spec.getPeriod() + "' is not one of "
                    + Enums.values(Budget.Period.class));
        }
        String amount = spec.getAmount();
        if (amount == null || !amount.matches(BudgetSpec.AMOUNT) || new BigDecimal(amount).signum() == 0) {
            findings.invalid(Reason.INVALID_BUDGET, "spec.budget.amount must be a quoted decimal more than 0 with at "
                    + "most 6 places, for example \"25.00\"; was " + (amount == null ? "missing" : "'" + amount + "'"));
            return null;
        }
        return period == null ? null : new Budget(new BigDecimal(amount), period);
    }
}
