package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProxyEventLoopsTest {

    @Test
    void shouldLeaveTheCountToTheJvmWhenTheCpuIsLimited() {
        assertThat(ProxyObjects.eventLoops(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m")).addToLimits("cpu", new Quantity("3")).build())).isEmpty();
    }

    @Test
    void shouldRoundTheCpuRequestUpWithoutALimitAndRunAtLeastTwo() {
        assertThat(ProxyObjects.eventLoops(ProxyObjects.defaultResources())).hasValue(2);
        assertThat(ProxyObjects.eventLoops(new ResourceRequirements())).hasValue(2);
        assertThat(ProxyObjects.eventLoops(requests("2"))).hasValue(2);
        assertThat(ProxyObjects.eventLoops(requests("3500m"))).hasValue(4);
        assertThat(ProxyObjects.eventLoops(requests("4"))).hasValue(4);
        assertThat(ProxyObjects.eventLoops(requests("1e6"))).as("the proxy's own ceiling")
                .isEqualTo(OptionalInt.of(1_024));
    }

    private static ResourceRequirements requests(String cpu) {
        return new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity(cpu))
                .addToLimits("memory", new Quantity("1Gi")).build();
    }
}
