package io.aigateway.proxy;

/**
 * Where the proxy listens.
 *
 * @param port client traffic; 0 picks a free port
 * @param adminPort {@code /healthz}, {@code /readyz} and {@code /metrics}; 0 picks a free port
 * @param eventLoops how many event loops serve client traffic, each with its own server and upstream client
 *     sharing the port; 0 means one per CPU
 */
public record ProxyOptions(String host, int port, int adminPort, int eventLoops) {

    public static final ProxyOptions DEFAULTS = new ProxyOptions("0.0.0.0", 8080, 8081);

    public ProxyOptions {
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must not be negative, was " + eventLoops);
        }
    }

    public ProxyOptions(String host, int port, int adminPort) {
        this(host, port, adminPort, 0);
    }

    /** The number of event loops to use: {@link #eventLoops()}, or one per CPU when 0. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
