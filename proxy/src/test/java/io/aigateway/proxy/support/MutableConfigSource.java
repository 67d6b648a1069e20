package io.aigateway.proxy.support;

import io.aigateway.proxy.config.ConfigSource;
import io.aigateway.proxy.config.ConfigVersion;
import java.util.Map;
import java.util.function.Consumer;

/** A config source a test pushes versions into. */
public final class MutableConfigSource implements ConfigSource {

    private volatile Consumer<ConfigVersion> consumer;
    private volatile ConfigVersion initial;
    private int pushed;

    public MutableConfigSource() {
    }

    public MutableConfigSource(String routingJson, Map<String, String> credentials) {
        this.initial = new ConfigVersion(routingJson, credentials, "test");
    }

    @Override
    public void start(Consumer<ConfigVersion> onChange) {
        this.consumer = onChange;
        if (initial != null) {
            onChange.accept(initial);
        }
    }

    public synchronized void push(String routingJson, Map<String, String> credentials) {
        consumer.accept(new ConfigVersion(routingJson, credentials, "test push " + (++pushed)));
    }

    @Override
    public void close() {
    }
}
