package io.aigateway.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelLabelsTest {

    @Test
    void shouldKeepTheFirstDistinctModelsThenReportOther() {
        ModelLabels labels = new ModelLabels(3);
        assertThat(labels.of("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(labels.of("claude")).isEqualTo("claude");
        assertThat(labels.of("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(labels.of("gemini")).isEqualTo("gemini");
        assertThat(labels.of("llama")).isEqualTo(ModelLabels.OTHER);
        assertThat(labels.of("claude")).isEqualTo("claude");
    }

    @Test
    void shouldLabelAMissingModelNone() {
        ModelLabels labels = new ModelLabels(1);
        assertThat(labels.of(null)).isEqualTo(ModelLabels.NONE);
        assertThat(labels.of("")).isEqualTo(ModelLabels.NONE);
        assertThat(labels.of("gpt-4o")).isEqualTo("gpt-4o");
    }

    @Test
    void shouldNeverAdmitMoreThanTheLimitUnderConcurrentCallers() {
        ModelLabels labels = new ModelLabels(100);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(labels.of("model-" + (i % 1_000))));
        seen.remove(ModelLabels.OTHER);
        assertThat(seen).hasSize(100);
        List<String> again = new ArrayList<>();
        for (String model : seen) {
            again.add(labels.of(model));
        }
        assertThat(new HashSet<>(again)).isEqualTo(seen);
    }
}
