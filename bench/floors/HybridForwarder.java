import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.ContextInternal;

/**
 * A floor for bench/floors.sh between the other two: Vert.x's HTTP server, as the proxy has it, in front of
 * {@code NettyForwarder}'s bare Netty client on the same event loop, with nothing of a gateway. Set beside
 * {@code VertxForwarder} it tells what Vert.x's HTTP client costs a request: what a proxy whose upstream leg ran on
 * Netty's codecs directly would save. Not production code.
 *
 * <p>Usage: {@code java -cp VERTX HybridForwarder PORT UPSTREAM_PORT EVENT_LOOPS}
 */
public final class HybridForwarder extends AbstractVerticle {
    static int port, upstreamPort;

    public static void main(String[] args) {
        port = Integer.parseInt(args[0]);
        upstreamPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        vertx.deployVerticle(HybridForwarder::new, new DeploymentOptions().setInstances(Integer.parseInt(args[2])))
                .onSuccess(id -> System.out.println("listening, native " + vertx.isNativeTransportEnabled()));
    }

    @Override
    public void start(Promise<Void> started) {
        NettyForwarder.Upstream upstream = new NettyForwarder.Upstream(
                ((ContextInternal) context).nettyEventLoop(), upstreamPort);
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost(NettyForwarder.HOST).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onSuccess(body -> upstream.send(NettyForwarder.Upstream.request(
                        req.method().name(), req.uri(), Unpooled.wrappedBuffer(body.getByteBuf()), upstreamPort),
                        resp -> {
                            if (resp == null) {
                                req.response().setStatusCode(502).end();
                                return;
                            }
                            req.response().setStatusCode(resp.status().code())
                                    .putHeader("Content-Type", resp.headers().get(HttpHeaderNames.CONTENT_TYPE))
                                    .end(Buffer.buffer(ByteBufUtil.getBytes(resp.content())));
                        })))
                .listen().<Void>mapEmpty().onComplete(started);
    }
}
