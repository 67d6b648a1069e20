import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A floor for bench/floors.sh: the least a Java proxy on Netty does for a non-streamed request, with nothing of a
 * gateway (no key, route, model, limits, metrics, timeouts, failover or error handling). Keep-alive HTTP/1.1 on both
 * legs, bodies aggregated, each event loop with its own stack of idle upstream connections ({@link Upstream}, which
 * {@code HybridForwarder} puts behind Vert.x's server). Not production code.
 *
 * <p>Usage: {@code java -cp NETTY NettyForwarder PORT UPSTREAM_PORT EVENT_LOOPS}
 */
public final class NettyForwarder {
    static final String HOST = "127.0.0.1";
    static int upstreamPort;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        upstreamPort = Integer.parseInt(args[1]);
        EventLoopGroup group = new EpollEventLoopGroup(Integer.parseInt(args[2]));
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(10 << 20),
                                new Front());
                    }
                }).bind(HOST, port).sync();
        System.out.println("listening");
    }

    static final ThreadLocal<Upstream> UPSTREAM = new ThreadLocal<>();

    static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Channel client = ctx.channel();
            Upstream upstream = UPSTREAM.get();
            if (upstream == null) {
                upstream = new Upstream(client.eventLoop(), upstreamPort);
                UPSTREAM.set(upstream);
            }
            upstream.send(Upstream.request(req.method().name(), req.uri(), req.content().retain(), upstreamPort),
                    resp -> {
                        if (resp == null) {
                            client.close();
                            return;
                        }
                        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, resp.status(),
                                resp.content().retain());
                        out.headers().set(HttpHeaderNames.CONTENT_TYPE,
                                resp.headers().get(HttpHeaderNames.CONTENT_TYPE));
                        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
                        client.writeAndFlush(out);
                    });
        }
    }

    /** One event loop's client to the upstream: a stack of idle keep-alive connections, the answers aggregated. */
    static final class Upstream {
        private final ArrayDeque<Channel> idle = new ArrayDeque<>();
        private final EventLoop loop;
        private final int port;

        Upstream(EventLoop loop, int port) {
            this.loop = loop;
            this.port = port;
        }

        static FullHttpRequest request(String method, String uri, ByteBuf body, int port) {
            FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    HttpMethod.valueOf(method), uri, body);
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            out.headers().set(HttpHeaderNames.HOST, HOST + ":" + port);
            out.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-upstream");
            return out;
        }

        /** Sends on an idle connection or a new one; {@code answer} gets the answer, or null when none came. */
        void send(FullHttpRequest out, Consumer<FullHttpResponse> answer) {
            Channel up = idle.pollLast();
            if (up != null && up.isActive()) {
                write(up, out, answer);
                return;
            }
            new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(10 << 20),
                                    new Back());
                        }
                    }).connect(HOST, port).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            write(f.channel(), out, answer);
                        } else {
                            out.release();
                            answer.accept(null);
                        }
                    });
        }

        private static void write(Channel up, FullHttpRequest out, Consumer<FullHttpResponse> answer) {
            up.pipeline().get(Back.class).answer = answer;
            up.writeAndFlush(out);
        }

        private final class Back extends SimpleChannelInboundHandler<FullHttpResponse> {
            Consumer<FullHttpResponse> answer;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
                Consumer<FullHttpResponse> a = answer;
                answer = null;
                idle.addLast(ctx.channel());
                a.accept(resp);
            }
        }
    }
}
