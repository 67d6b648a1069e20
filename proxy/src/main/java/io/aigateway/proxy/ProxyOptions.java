package io.aigateway.proxy;

/**
 * Where the proxy listens.
 *
 * @param port client traffic; 0 picks a free port
 * @param adminPort {@code /healthz} and {@code /readyz}; 0 picks a free port
 */
public record ProxyOptions(String host, int port, int adminPort) {

    public static final ProxyOptions DEFAULTS = new ProxyOptions("0.0.0.0", 8080, 8081);
}
