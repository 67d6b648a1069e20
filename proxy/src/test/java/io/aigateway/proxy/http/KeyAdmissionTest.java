package io.aigateway.proxy.http;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.ClientKey;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.UsageAdmission;
import io.aigateway.proxy.limits.WindowCounters.Room;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyAdmissionTest {

    @Test
    void shouldWriteResetsAsOpenAiDoes() {
        assertThat(KeyAdmission.reset(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(KeyAdmission.reset(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(KeyAdmission.reset(Duration.ofMillis(1_001))).as("rounded up").isEqualTo("2s");
        assertThat(KeyAdmission.reset(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(KeyAdmission.reset(Duration.ofSeconds(3_725))).isEqualTo("1h2m5s");
    }

    @Test
    void shouldReportTheTightestLimitOfEachKind() {
        ClientKey key = new ClientKey("team-a", "0".repeat(64), null, new UsageLimits(60, 1_000L, 50_000L, null),
                null);
        UsageAdmission admission = UsageAdmission.of(key, "chat", new UsageLimits(10, null, null, null), 10, 10,
                null);
        List<UsageAdmission.Limit> limits = admission.limits();
        // key requests, key tokens/minute, key tokens/day, rule requests
        List<Room> room = List.of(new Room(limits.get(0).claim(), 59, Duration.ofSeconds(60)),
                new Room(limits.get(1).claim(), 980, Duration.ofSeconds(60)),
                new Room(limits.get(2).claim(), 49_980, Duration.ofHours(5)),
                new Room(limits.get(3).claim(), 3, Duration.ofSeconds(61)));

        assertThat(KeyAdmission.headers(room, limits)).containsExactly(
                entry("x-ratelimit-limit-requests", "10"),
                entry("x-ratelimit-remaining-requests", "3"),
                entry("x-ratelimit-reset-requests", "1m1s"),
                entry("x-ratelimit-limit-tokens", "1000"),
                entry("x-ratelimit-remaining-tokens", "980"),
                entry("x-ratelimit-reset-tokens", "1m0s"));
    }

    @Test
    void shouldLeaveWhatIsCountedOnlyForStatusOutOfTheHeaders() {
        ClientKey key = new ClientKey("team-a", "0".repeat(64), null, new UsageLimits(60, null, null, null), null);
        List<UsageAdmission.Limit> limits = UsageAdmission.of(key, "chat", null, 10, 10, null).limits();
        // key requests; the minute's and the day's tokens, counted for the key's status only
        assertThat(limits).extracting(UsageAdmission.Limit::enforced).containsExactly(true, false, false);
        List<Room> room = List.of(new Room(limits.get(0).claim(), 59, Duration.ofSeconds(60)),
                new Room(limits.get(1).claim(), Long.MAX_VALUE - 20, Duration.ofSeconds(60)),
                new Room(limits.get(2).claim(), Long.MAX_VALUE - 20, Duration.ofHours(5)));

        assertThat(KeyAdmission.headers(room, limits)).containsOnlyKeys("x-ratelimit-limit-requests",
                "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests");
    }
}
