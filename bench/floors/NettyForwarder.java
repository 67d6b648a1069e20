import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;

/**
 * A floor for bench/floors.sh: the least a Java proxy on Netty does for a non-streamed request, with nothing of a
 * gateway (no key, route, model, limits, metrics, timeouts, failover or error handling). Keep-alive HTTP/1.1 on both
 * legs, bodies aggregated, each event loop with its own stack of idle upstream connections. Not production code.
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

    static final ThreadLocal<ArrayDeque<Channel>> IDLE = ThreadLocal.withInitial(ArrayDeque::new);

    static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(),
                    req.content().retain());
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
            out.headers().set(HttpHeaderNames.HOST, HOST + ":" + upstreamPort);
            out.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-upstream");
            Channel client = ctx.channel();
            Channel up = IDLE.get().pollLast();
            if (up != null && up.isActive()) {
                send(up, out, client);
                return;
            }
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(10 << 20),
                                    new Back());
                        }
                    }).connect(HOST, upstreamPort).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            send(f.channel(), out, client);
                        } else {
                            out.release();
                            client.close();
                        }
                    });
        }
    }

    static void send(Channel up, FullHttpRequest out, Channel client) {
        up.pipeline().get(Back.class).client = client;
        up.writeAndFlush(out);
    }

    static final class Back extends SimpleChannelInboundHandler<FullHttpResponse> {
        Channel client;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, resp.status(),
                    resp.content().retain());
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.headers().get(HttpHeaderNames.CONTENT_TYPE));
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
            Channel c = client;
            client = null;
            IDLE.get().addLast(ctx.channel());
            c.writeAndFlush(out);
        }
    }
}
