package io.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class NativeTransportTest {

    /** The image runs on Linux, x86-64 or arm64: the proxy must find Netty's epoll there, not fall back silently. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void shouldServeOnEpollOnLinux() throws Exception {
        Vertx vertx = Vertx.vertx(GatewayProxy.vertxOptions());
        try {
            assertThat(vertx.isNativeTransportEnabled())
                    .as("epoll unavailable: %s", vertx.unavailableNativeTransportCause())
                    .isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
