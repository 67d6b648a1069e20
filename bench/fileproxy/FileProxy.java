import io.aigateway.proxy.GatewayProxy;
import io.aigateway.proxy.ProxyOptions;
import io.aigateway.proxy.config.FileConfigSource;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The proxy as its image runs it (the proxy module's classes only: not the CLI's compiler, which {@code aigw run}
 * loads besides), serving a compiled gateway from files rather than from the API server, so that the scenarios
 * measure the memory of what runs in a cluster.
 *
 * <p>Usage: {@code java -cp LAUNCHER:PROXY_CLASSPATH FileProxy ROUTING_JSON CREDENTIALS_DIR PORT ADMIN_PORT
 * [EVENT_LOOPS]} (0, the default: one per CPU)
 */
public final class FileProxy {

    private FileProxy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: FileProxy ROUTING_JSON CREDENTIALS_DIR PORT ADMIN_PORT [EVENT_LOOPS]");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx(GatewayProxy.vertxOptions());
        GatewayProxy.start(vertx, new ProxyOptions("127.0.0.1", Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        args.length == 5 ? Integer.parseInt(args[4]) : 0),
                        new FileConfigSource(Path.of(args[0]), Path.of(args[1])))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
