package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.Budget;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a client key may spend per UTC calendar day or month, priced with the targets' cost. */
@ValidationRule(value = "self.amount.matches('[1-9]')", message = "amount must be more than 0, for example \"25.00\"")
public class BudgetSpec {

    /** A decimal written out, at most 6 places: no exponent, no sign. */
    public static final String AMOUNT = "^[0-9]{1,12}(\\.[0-9]{1,6})?$";

    @Required
    @Size(min = 1, max = 19) // bounds the cost of the CEL rule for the API server, as the pattern does the value
    @Pattern(AMOUNT)
    @JsonPropertyDescription("The amount, more than 0, as a quoted decimal such as \"25.00\", in the unit of the "
            + "targets' cost (no currency). A string, so that it is compared and stored exactly as written.")
    private String amount;

    @Required
    @SchemaFrom(type = Budget.Period.class)
    @JsonPropertyDescription("The window the amount is spent over: day (from 00:00 UTC) or month (from 00:00 UTC on "
            + "the 1st).")
    private String period;

    public String getAmount() {
        return amount;
    }

    public void setAmount(String amount) {
        this.amount = amount;
    }

    public String getPeriod() {
        return period;
    }

    public void setPeriod(String period) {
        this.period = period;
    }
}
