package io.aigateway.proxy.limits;

import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.WindowCounters.Counter;

/**
 * The counters of client keys' and rules' usage limits ({@link io.aigateway.model.UsageLimits}) and of keys' budgets
 * ({@link io.aigateway.model.Budget}): the names admission counts under and the status reporter reads back, in one
 * place so that both mean the same counter.
 */
public final class UsageCounters {

    /** A client key's counters, by the AIKey's name. */
    public static final String KEY_SCOPE = "key";
    /** A rule's counters, shared by every key using it, by the AIRule's name. */
    public static final String RULE_SCOPE = "rule";
    /** Budgets count in millionths of their amount's unit, so that the price of a few tokens still counts. */
    public static final long MICROS_PER_UNIT = 1_000_000L;

    private UsageCounters() {
    }

    /** Whether a counted key's status shows the minute: with a per-minute limit. */
    public static boolean showsMinute(ClientKey key) {
        UsageLimits l = key.limits();
        return l != null && (l.requestsPerMinute() != null || l.tokensPerMinute() != null);
    }

    /** Whether a counted key's status shows the month: with a monthly limit or budget (the day is always shown). */
    public static boolean showsMonth(ClientKey key) {
        UsageLimits l = key.limits();
        return l != null && l.tokensPerMonth() != null
                || key.budget() != null && key.budget().period() == Budget.Period.MONTH;
    }

    /** Requests started, per sliding minute. */
    public static Counter requests(String scope, String name) {
        return new Counter(scope, name + "/requests", Window.MINUTE);
    }

    /** Prompt and completion tokens, per {@code window}. */
    public static Counter tokens(String scope, String name, Window window) {
        return new Counter(scope, name + "/tokens", window);
    }

    /** A key's spending in millionths of its budget's unit, per {@code window} (a day or a month). */
    public static Counter spent(String keyName, Window window) {
        return new Counter(KEY_SCOPE, keyName + "/spent", window);
    }
}
