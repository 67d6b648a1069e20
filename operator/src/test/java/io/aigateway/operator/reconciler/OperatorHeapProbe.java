package io.aigateway.operator.reconciler;

import io.aigateway.operator.AIGatewayOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The operator, every reconciler registered as in production, watching one namespace of the cluster its
 * {@code KUBECONFIG} names, in a JVM of its own so that its heap is the operator's alone (see
 * {@link SecretCacheHeapIT}). It starts, lets the reconciles settle, then stops and starts again, which lists every
 * Secret and resource afresh: a full resync. After each start it prints a line {@code HEAP ...} with the heap in
 * use after a full GC.
 *
 * <p>Arguments: the namespace, how long to let each start's reconciles settle (an ISO-8601 duration), and the
 * operator's secret label selector (empty: every Secret).
 */
public final class OperatorHeapProbe {

    private static final long MIB = 1024 * 1024;

    private OperatorHeapProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String namespace = args[0];
        Duration settle = Duration.parse(args[1]);
        SecretSelector secrets = SecretSelector.parse(args[2]);
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            for (int start = 1; start <= 2; start++) {
                Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
                AIGatewayOperator.registerAll(operator, Clock.systemUTC(), Set.of(namespace), secrets,
                        "registry.example/aigw/proxy:heap");
                // Returns once every informer's cache is synced: every Secret of the namespace listed.
                operator.start();
                Thread.sleep(settle.toMillis());
                System.out.printf("HEAP start=%d usedAfterFullGcMiB=%d maxHeapMiB=%d%n", start,
                        usedAfterFullGc() / MIB, Runtime.getRuntime().maxMemory() / MIB);
                operator.stop();
            }
        }
    }

    private static long usedAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
