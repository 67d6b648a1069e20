package io.aigateway.proxy;

import io.aigateway.proxy.config.KubernetesConfigSource;
import io.aigateway.proxy.limits.RateLimitStores;
import io.aigateway.proxy.status.HealthReporter;
import io.aigateway.proxy.status.KeyUsageReporter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy as it runs in a cluster: serves the gateway named by the environment ({@link ProxyEnvironment}) from its
 * ConfigMap and Secret, reports target health into the AIUpstreams and
 * the counted keys' usage into the AIKeys, and shuts down on SIGTERM.
 */
public final class ProxyMain {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyMain.class);

    private ProxyMain() {
    }

    public static void main(String[] args) {
        ProxyEnvironment env;
        try {
            env = ProxyEnvironment.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("aigw proxy: " + e.getMessage());
            System.exit(1);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        Vertx vertx = Vertx.vertx(GatewayProxy.vertxOptions());
        GatewayProxy proxy;
        try {
            // Limits count in the store the config names: Redis shared by the replicas, or each replica's memory.
            ProxyOptions options = new ProxyOptions("0.0.0.0", env.port(), env.adminPort(), env.eventLoops());
            proxy = GatewayProxy.start(vertx, options, new KubernetesConfigSource(client, env.namespace(),
                            env.gateway()))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("Gateway proxy {}/{} did not start: {}", env.namespace(), env.gateway(), e.toString());
            System.exit(1);
            return;
        }
        HealthReporter reporter = HealthReporter.of(proxy::currentConfig, proxy.health(), proxy.limits(), client,
                env.namespace(), env.replica(), HealthReporter.Settings.DEFAULTS).start();
        reporter.bindTo(proxy.metrics().registry());
        RateLimitStores stores = proxy.rateLimitStore();
        KeyUsageReporter usage = KeyUsageReporter.of(proxy::currentConfig, stores::current, stores::available, client,
                env.namespace(), env.gateway(), env.replica(), KeyUsageReporter.Settings.DEFAULTS).start();
        usage.bindTo(proxy.metrics().registry());
        LOG.info("Gateway proxy {}/{} running as replica {}", env.namespace(), env.gateway(), env.replica());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            reporter.close();
            usage.close();
            try {
                // Readiness turns 503 at once; requests and streams in flight get the grace period to finish.
                proxy.shutdown(env.shutdownGrace()).toCompletionStage().toCompletableFuture()
                        .get(env.shutdownGrace().toSeconds() + 5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
            } finally {
                client.close();
            }
        }, "aigw-shutdown"));
    }
}
