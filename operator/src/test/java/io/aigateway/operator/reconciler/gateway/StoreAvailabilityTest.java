package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.usage.StoreReplicaReport;
import io.aigateway.model.usage.StoreReports;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewayStatus;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreSpec;
import io.aigateway.operator.reconciler.Fixtures;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RateLimitStoreAvailable condition from the proxies' store reports. */
class StoreAvailabilityTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final StoreAvailability availability = new StoreAvailability(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldBeTrueWhenEveryReportingReplicaReachesTheStore() {
        AIGateway gateway = gateway("redis", "open", report("a", 10, true), report("b", 20, true));

        DesiredCondition condition = availability.condition(gateway).orElseThrow();

        assertThat(condition.type()).isEqualTo(ConditionType.RATE_LIMIT_STORE_AVAILABLE);
        assertThat(condition.status()).isTrue();
        assertThat(condition.reason()).isEqualTo(Reason.RATE_LIMIT_STORE_REACHABLE);
        assertThat(condition.message()).isEqualTo("All 2 reporting proxy replicas reach redis://redis:6379.");
    }

    @Test
    void shouldSayHowManyReplicasCannotReachTheStoreAndWhatFailModeDoes() {
        DesiredCondition open = availability.condition(gateway("redis", null, report("a", 10, false),
                report("b", 20, true))).orElseThrow();
        DesiredCondition closed = availability.condition(gateway("redis", "closed", report("a", 10, false),
                report("b", 20, false))).orElseThrow();

        assertThat(open.status()).isFalse();
        assertThat(open.reason()).isEqualTo(Reason.RATE_LIMIT_STORE_UNREACHABLE);
        assertThat(open.message()).startsWith("1 of 2 reporting proxy replicas cannot reach redis://redis:6379")
                .contains("failMode open, they serve and count in their own memory");
        assertThat(closed.message()).startsWith("2 of 2 reporting").contains("failMode closed, they answer 503");
    }

    @Test
    void shouldIgnoreExpiredReportsAndRecomputeWhenTheFirstLiveOneExpires() {
        // a's failure is older than the expiry (180 s): a replica gone since.
        AIGateway gateway = gateway("redis", "open", report("a", 200, false), report("b", 100, true));

        assertThat(availability.condition(gateway).orElseThrow().status()).isTrue();
        assertThat(availability.untilFirstExpiry(gateway)).contains(Duration.ofSeconds(81));
    }

    @Test
    void shouldBeAbsentForTheLocalStoreAndWithoutReports() {
        assertThat(availability.condition(gateway("local", null, report("a", 10, false)))).isEmpty();
        assertThat(availability.condition(gateway("redis", "open"))).isEmpty();
        assertThat(availability.condition(Fixtures.gateway("ns", "gw"))).isEmpty();
    }

    @Test
    void shouldPassUpdatesThatFlipAReplicaButNotRenewals() {
        SpecOrStoreReportsChangedFilter filter = new SpecOrStoreReportsChangedFilter();
        AIGateway before = gateway("redis", "open", report("a", 30, true));

        assertThat(filter.accept(gateway("redis", "open", report("a", 0, true)), before)).isFalse();
        assertThat(filter.accept(gateway("redis", "open", report("a", 0, false)), before)).isTrue();
        assertThat(filter.accept(gateway("redis", "open", report("a", 0, true), report("b", 0, true)), before))
                .isTrue();
    }

    private static StoreReplicaReport report(String name, long secondsAgo, boolean available) {
        return new StoreReplicaReport(name, NOW.minusSeconds(secondsAgo).toString(), available);
    }

    private static AIGateway gateway(String type, String failMode, StoreReplicaReport... reports) {
        AIGateway gateway = Fixtures.gateway("ns", "gw");
        RateLimitStoreSpec store = new RateLimitStoreSpec();
        store.setType(type);
        if ("redis".equals(type)) {
            store.setAddress("redis://redis:6379");
        }
        store.setFailMode(failMode);
        gateway.getSpec().setRateLimitStore(store);
        AIGatewayStatus status = new AIGatewayStatus();
        status.setRateLimitStore(new StoreReports(List.of(reports)));
        gateway.setStatus(status);
        return gateway;
    }
}
