import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A floor for bench/floors.sh: the least the proxy's own stack (Vert.x's HTTP server and client on epoll) does for a
 * non-streamed request, with nothing of a gateway: the body read whole, sent on a pooled connection, the answer read
 * whole and written, one verticle per event loop as the proxy deploys them. Not production code.
 *
 * <p>Usage: {@code java -cp VERTX VertxForwarder PORT UPSTREAM_PORT EVENT_LOOPS}
 */
public final class VertxForwarder extends AbstractVerticle {
    static int port, upstreamPort;

    public static void main(String[] args) {
        port = Integer.parseInt(args[0]);
        upstreamPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        vertx.deployVerticle(VertxForwarder::new, new DeploymentOptions().setInstances(Integer.parseInt(args[2])))
                .onSuccess(id -> System.out.println("listening, native " + vertx.isNativeTransportEnabled()));
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(1000));
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
                .requestHandler(req -> req.body().compose(body -> client.request(new RequestOptions()
                                .setMethod(req.method()).setHost("127.0.0.1").setPort(upstreamPort).setURI(req.uri())
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Authorization", "Bearer sk-upstream"))
                        .compose(up -> up.send(body))
                        .compose(resp -> resp.body().onSuccess(answer -> req.response()
                                .setStatusCode(resp.statusCode())
                                .putHeader("Content-Type", resp.getHeader("Content-Type"))
                                .end(answer))))
                        .onFailure(e -> req.response().setStatusCode(502).end()))
                .listen().<Void>mapEmpty().onComplete(started);
    }
}
