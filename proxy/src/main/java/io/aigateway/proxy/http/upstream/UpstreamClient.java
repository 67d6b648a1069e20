package io.aigateway.proxy.http.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * One event loop's HTTP/1.1 client to the targets, on Netty's codec directly: for each origin a stack of idle
 * keep-alive connections (the last one back is the next one out), so that taking a connection costs the same
 * whatever the pool's size. How many requests a target gets at once is bounded before this client, by the target's
 * {@code ConnectionSlots}. A connection idle for 60 seconds is closed.
 *
 * <p>Made and used on its event loop only; its answers' events run on the context that sent the request.
 * Addresses are resolved by Vert.x's resolver, never on the event loop.
 */
public final class UpstreamClient {

    /** How long an idle connection is kept: Vert.x's client default, which this client replaces. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long SWEEP_MILLIS = 1_000;

    private final VertxInternal vertx;
    private final EventLoop loop;
    private final SslContext tls;
    private final Map<Origin, ArrayDeque<Connection>> idle = new HashMap<>();
    /** Every connection open, idle or busy, to close them all; a set, as thousands of streams may close at once. */
    private final Set<Connection> open = new HashSet<>();
    private final ScheduledFuture<?> sweep;
    private boolean closed;

    /** Call on the event loop of {@code context}, which it then serves; TLS trusts what the JDK trusts. */
    public UpstreamClient(ContextInternal context) {
        this(context, jdkTrust());
    }

    /** As {@link #UpstreamClient(ContextInternal)}, with TLS as {@code tls} has it (tests trust their own CA). */
    UpstreamClient(ContextInternal context, SslContext tls) {
        this.vertx = context.owner();
        this.loop = context.nettyEventLoop();
        this.tls = tls;
        this.sweep = loop.scheduleAtFixedRate(this::closeExpired, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The JDK's provider and trust store, as Vert.x's client had them by default. */
    private static SslContext jdkTrust() {
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
        }
    }

    /** Where a request goes: the connections to one origin are pooled together. */
    public record Origin(String host, int port, boolean ssl) {
        /** An IPv6 address is kept without the brackets a URL writes it in ({@code URI.getHost()} keeps them). */
        public Origin {
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }

        /** The Host header's value: an IPv6 address in brackets, the port left out when it is the scheme's own. */
        String hostHeader() {
            String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port == (ssl ? 443 : 80) ? name : name + ":" + port;
        }
    }

    /**
     * A request on an idle connection to the origin, or on a new one, once it is connected; its events run on the
     * calling context. Fails with a {@link java.net.ConnectException} when the origin refuses, a
     * {@link TimeoutException} when it cannot be reached within {@code connectTimeoutMillis}, and with what broke
     * the TLS handshake or the connection otherwise.
     */
    public Future<UpstreamRequest> request(Origin origin, long connectTimeoutMillis) {
        ContextInternal current = ContextInternal.current();
        ContextInternal context = current != null ? current : vertx.getContext();
        Promise<UpstreamRequest> ready = context.promise();
        if (closed) {
            ready.fail(new IllegalStateException("the upstream client is closed"));
            return ready.future();
        }
        Connection connection = takeIdle(origin);
        if (connection != null) {
            ready.complete(new Exchange(context, connection));
            return ready.future();
        }
        connect(origin, connectTimeoutMillis).addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                ready.tryComplete(new Exchange(context, connected.channel().pipeline().get(Connection.class)));
            } else {
                Throwable cause = connected.cause();
                ready.tryFail(cause instanceof ConnectTimeoutException
                        ? new TimeoutException("connect timeout after " + connectTimeoutMillis + " ms") : cause);
            }
        });
        return ready.future();
    }

    /** Closes every connection, idle or busy; the requests on them fail. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        loop.execute(() -> {
            closed = true;
            sweep.cancel(false);
            for (Connection c : List.copyOf(open)) {
                c.channel().close();
            }
            idle.clear();
            done.complete();
        });
        return done.future();
    }

    private Connection takeIdle(Origin origin) {
        ArrayDeque<Connection> stack = idle.get(origin);
        while (stack != null && !stack.isEmpty()) {
            Connection c = stack.pollLast();
            if (c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    private ChannelFuture connect(Origin origin, long connectTimeoutMillis) {
        return new Bootstrap()
                .group(loop)
                .channelFactory(vertx.transport().channelFactory(false))
                .resolver(vertx.nettyAddressResolverGroup())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (origin.ssl()) {
                            ch.pipeline().addLast(tlsHandler(ch, origin));
                        }
                        Connection connection = new Connection(UpstreamClient.this, origin, ch);
                        ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192, false, false), connection);
                        open.add(connection);
                        // A closed connection left in an idle stack is skipped when taken, or dropped once expired:
                        // no scan of the stack here.
                        ch.closeFuture().addListener(f -> open.remove(connection));
                    }
                })
                .connect(origin.host(), origin.port());
    }

    /** TLS with the origin's name checked against its certificate, and sent as SNI. */
    private SslHandler tlsHandler(Channel ch, Origin origin) {
        SslHandler handler = tls.newHandler(ch.alloc(), origin.host(), origin.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** A connection whose answer ended and that may carry another request. */
    void released(Connection connection) {
        if (closed) {
            connection.channel().close();
            return;
        }
        connection.idleSince(System.nanoTime());
        idle.computeIfAbsent(connection.origin(), o -> new ArrayDeque<>()).addLast(connection);
    }

    private void closeExpired() {
        long now = System.nanoTime();
        for (ArrayDeque<Connection> stack : idle.values()) {
            // The stack's bottom has waited longest.
            while (!stack.isEmpty() && now - stack.peekFirst().idleSince() >= KEEP_ALIVE_NANOS) {
                stack.pollFirst().channel().close();
            }
        }
    }
}
