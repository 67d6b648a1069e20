package io.aigateway.proxy;

import io.aigateway.proxy.config.ConfigSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** One running proxy: serves the config its source provides, swapping in each valid new version. */
public final class GatewayProxy {

    private GatewayProxy() {
    }

    /** Starts listening and watching the source; completes once both ports are bound. */
    public static Future<GatewayProxy> start(Vertx vertx, ProxyOptions options, ConfigSource source) {
        throw new UnsupportedOperationException("in progress");
    }

    /** The port client traffic arrives on (the bound one when 0 was asked). */
    public int port() {
        throw new UnsupportedOperationException("in progress");
    }

    public int adminPort() {
        throw new UnsupportedOperationException("in progress");
    }

    /** Stops accepting, then closes. */
    public Future<Void> close() {
        throw new UnsupportedOperationException("in progress");
    }
}
