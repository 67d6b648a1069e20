package io.aigateway.model;

/**
 * What {@link Algorithm#LOWEST_LATENCY} compares: each target's latency at {@code percentile} over the last
 * {@code windowSeconds}.
 *
 * @param windowSeconds how far back samples count
 * @param percentile which percentile of the window's samples is the target's latency, from 1 to 100
 */
public record LatencyRouting(int windowSeconds, double percentile) {

    public static final int DEFAULT_WINDOW_SECONDS = 300;
    public static final double DEFAULT_PERCENTILE = 95;
    public static final LatencyRouting DEFAULTS = new LatencyRouting(DEFAULT_WINDOW_SECONDS, DEFAULT_PERCENTILE);
    public static final int MIN_WINDOW_SECONDS = 10;
    public static final int MAX_WINDOW_SECONDS = 3_600;
    public static final double MIN_PERCENTILE = 1;
    public static final double MAX_PERCENTILE = 100;

    public LatencyRouting {
        Checks.requireRange(windowSeconds, MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS, "upstreams[].latency.windowSeconds");
        if (!(percentile >= MIN_PERCENTILE && percentile <= MAX_PERCENTILE)) {
            throw new IllegalArgumentException("upstreams[].latency.percentile must be between 1 and 100, was "
                    + percentile);
        }
    }
}
