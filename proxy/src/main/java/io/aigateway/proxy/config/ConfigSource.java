package io.aigateway.proxy.config;

import java.util.function.Consumer;

/**
 * Where a proxy's config comes from: the gateway's ConfigMap and credentials Secret, or files. A source reports
 * every version it sees; the proxy decides whether to use it.
 */
public interface ConfigSource extends AutoCloseable {

    /** Starts watching; {@code onChange} is called with the current version and then with every change. */
    void start(Consumer<ConfigVersion> onChange);

    @Override
    void close();
}
