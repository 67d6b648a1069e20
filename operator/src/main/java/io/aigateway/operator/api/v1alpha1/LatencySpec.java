package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** What the lowest-latency algorithm measures. */
public class LatencySpec {

    @Pattern("^[0-9]+[smh]$")
    @JsonPropertyDescription("How far back latency samples count: a number and s, m or h, from 10s to 1h. "
            + "Default 5m.")
    private String window;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Which percentile of the window's samples is a target's latency, 1-100 (50 is the "
            + "median). Default 95.")
    private Double percentile;

    public String getWindow() {
        return window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public Double getPercentile() {
        return percentile;
    }

    public void setPercentile(Double percentile) {
        this.percentile = percentile;
    }
}
