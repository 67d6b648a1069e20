package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.Cost;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.UsageAdmission.Decision;
import io.aigateway.proxy.limits.UsageAdmission.Measure;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class UsageAdmissionTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalWindowCounters counters = new LocalWindowCounters(clock);
    private final ClientKey key = new ClientKey("team-a", "0".repeat(64), null,
            new UsageLimits(5, null, 10_000L, null), new Budget(new BigDecimal("25.10"), Budget.Period.DAY));

    private static long result(Future<Long> f) {
        return f.result();
    }

    @Test
    void shouldClaimNothingForAKeyAndRuleWithoutLimits() {
        assertThat(UsageAdmission.applies(new ClientKey("free", "0".repeat(64), null), null)).isFalse();
        assertThat(UsageAdmission.applies(new ClientKey("free", "0".repeat(64), null),
                new UsageLimits(1, null, null, null))).isTrue();
        assertThat(UsageAdmission.applies(key, null)).isTrue();
    }

    @Test
    void shouldClaimEveryLimitOfTheKeyAndRuleAndTheBudgetInMicros() {
        UsageAdmission admission = UsageAdmission.of(key, "chat", new UsageLimits(null, 2_000L, null, null), 100,
                400, new Cost(1.0, 2.0));

        assertThat(admission.limits()).extracting(l -> l.claim().limit(), l -> l.claim().max(),
                l -> l.claim().amount(), UsageAdmission.Limit::measure, UsageAdmission.Limit::label)
                .containsExactly(
                        tuple("requestsPerMinute of key team-a", 5L, 1L,
                                Measure.REQUESTS, "key.requestsPerMinute"),
                        tuple("tokensPerDay of key team-a", 10_000L, 500L,
                                Measure.TOKENS, "key.tokensPerDay"),
                        // the minute's tokens, which the key's status shows beside its requestsPerMinute
                        tuple("usage", Long.MAX_VALUE, 500L, Measure.TOKENS, "usage"),
                        tuple("tokensPerMinute of rule chat", 2_000L, 500L,
                                Measure.TOKENS, "rule.tokensPerMinute"),
                        // 25.10 exactly; 0.1 + 0.8 for 100 prompt and 400 completion tokens
                        tuple("budget of key team-a (per day)", 25_100_000L,
                                900_000L, Measure.SPENT, "key.budget"));
    }

    @Test
    void shouldCountWhatTheKeysStatusShowsWithoutLimitingIt() {
        ClientKey budgeted = new ClientKey("team-b", "0".repeat(64), null, null,
                new Budget(new BigDecimal("5"), Budget.Period.MONTH));
        UsageAdmission admission = UsageAdmission.of(budgeted, "chat", null, 100, 400, null);

        assertThat(admission.limits()).filteredOn(l -> !l.enforced())
                .extracting(l -> l.claim().counter(), l -> l.claim().max())
                .containsExactly(
                        tuple(UsageCounters.tokens("key", "team-b", Window.DAY), Long.MAX_VALUE),
                        tuple(UsageCounters.tokens("key", "team-b", Window.MONTH), Long.MAX_VALUE));
        UsageAdmission.Reserved reserved = (UsageAdmission.Reserved) admission.reserve(counters).result();
        reserved.settle(30, 12, null);
        assertThat(result(counters.count(UsageCounters.tokens("key", "team-b", Window.DAY))))
                .as("USED TODAY of a key with a budget and no token limit").isEqualTo(42);
        assertThat(result(counters.count(UsageCounters.tokens("key", "team-b", Window.MONTH)))).isEqualTo(42);
    }

    @Test
    void shouldPriceInMicrosRoundedUpAndATargetWithoutCostAtNothing() {
        assertThat(UsageAdmission.spentMicros(new Cost(0.0015, 0.002), 1, 0)).isEqualTo(2);
        assertThat(UsageAdmission.spentMicros(null, 1_000, 1_000)).isZero();
        Cost cheap = new Cost(1, 1);
        Cost dearOutput = new Cost(0.5, 10);
        assertThat(UsageAdmission.mostExpensive(Arrays.asList(cheap, null, dearOutput), 1_000, 500))
                .isSameAs(dearOutput);
        assertThat(UsageAdmission.mostExpensive(Arrays.asList(null, null), 1_000, 500)).isNull();
    }

    @Test
    void shouldSettleTokensAndSpendingToTheAnswersUsageAndKeepTheRequest() {
        UsageAdmission admission = UsageAdmission.of(key, "chat", null, 100, 400, new Cost(10, 20));
        UsageAdmission.Reserved reserved = (UsageAdmission.Reserved) admission.reserve(counters).result();
        assertThat(result(counters.count(UsageCounters.tokens("key", "team-a", Window.DAY)))).isEqualTo(500);

        reserved.settle(30, 12, new Cost(1, 2));
        reserved.settle(1_000, 1_000, new Cost(1, 2)); // once only

        assertThat(result(counters.count(UsageCounters.requests("key", "team-a")))).isEqualTo(1);
        assertThat(result(counters.count(UsageCounters.tokens("key", "team-a", Window.DAY)))).isEqualTo(42);
        assertThat(result(counters.count(UsageCounters.spent("team-a", Window.DAY))))
                .as("0.030 + 0.024, at the price of the target that answered").isEqualTo(54_000);
    }

    @Test
    void shouldReleaseEveryClaimAndRefuseNamingTheFullLimit() {
        UsageAdmission one = UsageAdmission.of(key, "chat", null, 100, 9_000, null);
        ((UsageAdmission.Reserved) one.reserve(counters).result()).release();
        assertThat(result(counters.count(UsageCounters.requests("key", "team-a")))).isZero();
        assertThat(result(counters.count(UsageCounters.tokens("key", "team-a", Window.DAY)))).isZero();

        one.reserve(counters).result();
        Decision second = UsageAdmission.of(key, "chat", null, 100, 9_000, null).reserve(counters).result();
        assertThat(second).isInstanceOfSatisfying(Decision.Refused.class, refused -> {
            assertThat(refused.limit().label()).isEqualTo("key.tokensPerDay");
            assertThat(refused.retryAfter()).hasHours(24);
        });
    }

    @Test
    void shouldAdmitUncountedWhenTheStoreFails() {
        WindowCounters failing = new WindowCounters() {
            @Override
            public Future<Outcome> reserve(List<Claim> claims) {
                return Future.failedFuture(new IllegalStateException("store down"));
            }

            @Override
            public Future<Void> settle(Reservation reservation,
                    ToLongFunction<Claim> actual) {
                throw new AssertionError("nothing to settle");
            }

            @Override
            public Future<Long> count(Counter counter) {
                return Future.succeededFuture(0L);
            }

            @Override
            public void retainOnly(Predicate<Counter> keep) {
            }
        };
        Decision decision = UsageAdmission.of(key, "chat", null, 1, 1, null).reserve(failing).result();
        assertThat(decision).isInstanceOf(UsageAdmission.Reserved.class);
        ((UsageAdmission.Reserved) decision).settle(1, 1, null);
    }
}
