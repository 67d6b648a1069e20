package io.aigateway.proxy.support;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the ITs that put a proxy in front of two fake upstreams, {@code a} and {@code b}. */
public abstract class TwoUpstreams {

    protected Vertx vertx;
    protected FakeUpstream a;
    protected FakeUpstream b;
    /** The proxy under test; each test starts it with the config it needs. */
    protected ProxyHarness h;

    @BeforeEach
    void startUpstreams() throws Exception {
        vertx = Vertx.vertx();
        a = FakeUpstream.start(vertx, "a");
        b = FakeUpstream.start(vertx, "b");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (h != null) {
            h.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
