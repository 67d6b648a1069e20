import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;

/**
 * A floor for bench/floors.sh between the other two: Vert.x's HTTP server, as the proxy has it, in front of a bare
 * Netty client on the same event loop (HTTP codec, aggregated answers, a stack of idle upstream connections), with
 * nothing of a gateway. Set beside {@code VertxForwarder} it tells what Vert.x's HTTP client costs a request, that is
 * what a proxy whose upstream leg ran on Netty's codecs directly would save. Not production code.
 *
 * <p>Usage: {@code java -cp VERTX HybridForwarder PORT UPSTREAM_PORT EVENT_LOOPS}
 */
public final class HybridForwarder extends AbstractVerticle {
    static final String HOST = "127.0.0.1";
    static int port, upstreamPort;

    public static void main(String[] args) {
        port = Integer.parseInt(args[0]);
        upstreamPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        vertx.deployVerticle(HybridForwarder::new, new DeploymentOptions().setInstances(Integer.parseInt(args[2])))
                .onSuccess(id -> System.out.println("listening, native " + vertx.isNativeTransportEnabled()));
    }

    /** This verticle's idle upstream connections; only its event loop touches them. */
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private EventLoop loop;

    @Override
    public void start(Promise<Void> started) {
        loop = ((ContextInternal) context).nettyEventLoop();
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost(HOST).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                            HttpMethod.valueOf(req.method().name()), req.uri(),
                            Unpooled.wrappedBuffer(body.getByteBuf()));
                    out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
                    out.headers().set(HttpHeaderNames.HOST, HOST + ":" + upstreamPort);
                    out.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-upstream");
                    Channel up = idle.pollLast();
                    if (up != null && up.isActive()) {
                        send(up, out, req.response());
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
                            }).connect(HOST, upstreamPort).addListener((ChannelFutureListener) f -> {
                                if (f.isSuccess()) {
                                    send(f.channel(), out, req.response());
                                } else {
                                    out.release();
                                    req.response().setStatusCode(502).end();
                                }
                            });
                }))
                .listen().<Void>mapEmpty().onComplete(started);
    }

    private static void send(Channel up, DefaultFullHttpRequest out, HttpServerResponse response) {
        up.pipeline().get(Back.class).response = response;
        up.writeAndFlush(out);
    }

    /** Answers the Vert.x response on the same event loop, then gives its connection back. */
    private final class Back extends SimpleChannelInboundHandler<FullHttpResponse> {
        HttpServerResponse response;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
            HttpServerResponse r = response;
            response = null;
            idle.addLast(ctx.channel());
            r.setStatusCode(resp.status().code())
                    .putHeader("Content-Type", resp.headers().get(HttpHeaderNames.CONTENT_TYPE))
                    .end(Buffer.buffer(ByteBufUtil.getBytes(resp.content())));
        }
    }
}
