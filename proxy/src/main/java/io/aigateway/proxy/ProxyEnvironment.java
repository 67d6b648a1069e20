package io.aigateway.proxy;

import java.time.Duration;
import java.util.Map;

/**
 * What the proxy's container is told through its environment, as the operator sets it.
 *
 * @param gateway {@code AIGW_GATEWAY}: the AIGateway whose routing ConfigMap and credentials Secret to serve
 * @param namespace {@code AIGW_NAMESPACE}: the gateway's namespace
 * @param replica {@code AIGW_REPLICA}: the pod name, naming this replica in health reports ({@code HOSTNAME} when
 *     unset, which is the pod name too)
 * @param port {@code AIGW_PORT}: client traffic, default 8080
 * @param adminPort {@code AIGW_ADMIN_PORT}: /healthz, /readyz and /metrics, default 9090
 * @param shutdownGrace {@code AIGW_SHUTDOWN_GRACE_SECONDS}: how long in-flight requests and streams may finish
 *     after SIGTERM, default 25 s
 * @param eventLoops {@code AIGW_EVENT_LOOPS}: event loops serving client traffic, default 0: one per CPU the JVM
 *     sees (the container's CPU limit, or the node's cores without one)
 */
public record ProxyEnvironment(String gateway, String namespace, String replica, int port, int adminPort,
        Duration shutdownGrace, int eventLoops) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 9090;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(25);
    /** More event loops than this is a mistake, not a machine. */
    static final int MAX_EVENT_LOOPS = 1_024;

    /**
     * Reads and checks the variables.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    public static ProxyEnvironment from(Map<String, String> env) {
        String replica = optional(env, "AIGW_REPLICA");
        if (replica == null) {
            replica = required(env, "HOSTNAME", "AIGW_REPLICA (or HOSTNAME) must be set to the pod name");
        }
        int port = port(env, "AIGW_PORT", DEFAULT_PORT);
        int adminPort = port(env, "AIGW_ADMIN_PORT", DEFAULT_ADMIN_PORT);
        if (port == adminPort) {
            throw new IllegalArgumentException("AIGW_PORT and AIGW_ADMIN_PORT must differ, both are " + port);
        }
        return new ProxyEnvironment(required(env, "AIGW_GATEWAY", "AIGW_GATEWAY must name the AIGateway"),
                required(env, "AIGW_NAMESPACE", "AIGW_NAMESPACE must name the gateway's namespace"), replica, port,
                adminPort, Duration.ofSeconds(number(env, "AIGW_SHUTDOWN_GRACE_SECONDS",
                        DEFAULT_SHUTDOWN_GRACE.toSeconds(), 0, 3_600)),
                (int) number(env, "AIGW_EVENT_LOOPS", 0, 0, MAX_EVENT_LOOPS));
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String required(Map<String, String> env, String name, String problem) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        return (int) number(env, name, fallback, 1, 65_535);
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", was \""
                + value + "\"");
    }
}
