package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.usage.KeyUsage;
import io.aigateway.model.usage.WindowUsage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the usage reporter computes without a server: owners, amounts and the patch. */
class KeyUsageReporterTest {

    private static final List<String> KEYS = IntStream.range(0, 3000).mapToObj(i -> "key-" + i).toList();

    @Test
    void shouldShareKeysOutEvenlyAndMoveOnlyTheKeysOfAReplicaThatLeaves() {
        List<String> three = List.of("gw-7d9f-a", "gw-7d9f-b", "gw-7d9f-c");
        Map<String, String> before = owners(three);
        Map<String, Long> perReplica = before.values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perReplica).hasSize(3).allSatisfy((replica, keys) -> assertThat(keys).isBetween(850L, 1150L));

        Map<String, String> after = owners(List.of("gw-7d9f-a", "gw-7d9f-c"));
        KEYS.stream().filter(key -> !before.get(key).equals("gw-7d9f-b"))
                .forEach(key -> assertThat(after.get(key)).as(key).isEqualTo(before.get(key)));
        assertThat(KeyUsageReporter.owner("key-1", List.of("gw-7d9f-c", "gw-7d9f-a", "gw-7d9f-b")))
                .as("whatever the order the replicas are listed in").isEqualTo(before.get("key-1"));
    }

    @Test
    void shouldShowMillionthsOfTheBudgetUnitAsADecimal() {
        assertThat(KeyUsageReporter.amount(0)).isEqualTo("0");
        assertThat(KeyUsageReporter.amount(1_250_000)).isEqualTo("1.25");
        assertThat(KeyUsageReporter.amount(30_000_000)).isEqualTo("30");
        assertThat(KeyUsageReporter.amount(7)).isEqualTo("0.000007");
    }

    @Test
    void shouldRemoveInThePatchTheWindowsAndFiguresTheUsageNoLongerHas() throws Exception {
        KeyUsage usage = new KeyUsage("2026-01-01T00:00:00Z", "gw-a", null,
                new WindowUsage("2026-01-01T00:00:00Z", null, null, 10L, null, null, null), null);

        JsonNode patch = new ObjectMapper().readTree(KeyUsageReporter.mergePatch(usage)).at("/status/usage");

        assertThat(patch.get("minute").isNull()).isTrue();
        assertThat(patch.get("month").isNull()).isTrue();
        assertThat(patch.at("/day/tokens").asLong()).isEqualTo(10);
        assertThat(patch.at("/day/tokensLimit").isNull()).isTrue();
        assertThat(patch.at("/day/budget").isNull()).isTrue();
    }

    private static Map<String, String> owners(List<String> replicas) {
        return KEYS.stream().collect(Collectors.toMap(Function.identity(), k -> KeyUsageReporter.owner(k, replicas)));
    }
}
