package io.aigateway.kubetest;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (secure serving on a certificate it generates,
 * the RBAC authorizer, ServiceAccount tokens signed with a key generated here) and kube-controller-manager running
 * the garbage collector and the namespace controller. No kubelet and no scheduler: pods never run, and nothing
 * writes a Deployment's status but the test.
 *
 * <p>An admin (group {@code system:masters}) authenticates with a static token; a ServiceAccount with a token from
 * the TokenRequest API, as in a pod.
 */
public final class LocalKubernetes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKubernetes.class);
    /** Generous: on a loaded 2-core machine etcd and the API server's start-up hooks take minutes, not seconds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** Controllers the tests rely on: garbage collection, and namespace deletion to reset between tests. */
    private static final String CONTROLLERS = "garbage-collector-controller,namespace-controller";

    private final KubeBinaries binaries;
    private final Path workDir;
    private final String adminToken;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private String masterUrl;
    private Path caFile;
    private Path kubeconfig;
    private KubernetesClient admin;

    private LocalKubernetes(KubeBinaries binaries, Path workDir) {
        this.binaries = binaries;
        this.workDir = workDir;
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        this.adminToken = HexFormat.of().formatHex(token);
    }

    /** Builds the binaries if needed and starts the control plane in a fresh {@code workDir}. */
    public static LocalKubernetes start(Path workDir) {
        LocalKubernetes cluster = new LocalKubernetes(KubeBinaries.build(), workDir.toAbsolutePath());
        // Also when the JVM ends without the test engine closing the cluster (killed by a timeout, say).
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "local-kubernetes-stop"));
        try {
            cluster.startProcesses();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startProcesses() {
        Instant started = Instant.now();
        deleteRecursively(workDir);
        Path logs = createDirectories(workDir.resolve("logs"));
        Path certs = createDirectories(workDir.resolve("certs"));

        int etcdClientPort = freePort();
        int etcdPeerPort = freePort();
        String etcdUrl = "http://127.0.0.1:" + etcdClientPort;
        String peerUrl = "http://127.0.0.1:" + etcdPeerPort;
        ManagedProcess etcd = launch("etcd", List.of(binaries.etcd().toString(),
                "--data-dir", workDir.resolve("etcd").toString(),
                "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "default=" + peerUrl,
                // A test cluster's data need not survive a power cut.
                "--unsafe-no-fsync", "--log-level", "warn"), logs);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitUntil("etcd to be healthy", etcd, () -> status(plain, etcdUrl + "/health", null) == 200);

        Path tokens = write(workDir.resolve("tokens.csv"), adminToken + ",admin,admin-uid,\"system:masters\"\n");
        Path serviceAccountKey = write(certs.resolve("service-account.key"), serviceAccountSigningKey());
        int apiPort = freePort();
        masterUrl = "https://127.0.0.1:" + apiPort;
        ManagedProcess apiServer = launch("kube-apiserver", List.of(binaries.kubeApiServer().toString(),
                "--etcd-servers", etcdUrl,
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1",
                // The endpoints of the service "kubernetes" may not be a loopback address; nothing here uses it.
                "--endpoint-reconciler-type", "none",
                "--secure-port", Integer.toString(apiPort),
                // No certificate given: it generates a CA and a serving certificate for 127.0.0.1 here.
                "--cert-dir", certs.toString(),
                "--token-auth-file", tokens.toString(),
                "--authorization-mode", "RBAC",
                "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file", serviceAccountKey.toString(),
                "--service-account-signing-key-file", serviceAccountKey.toString(),
                "--service-cluster-ip-range", "10.96.0.0/24",
                "--profiling=false", "-v=1"), logs);
        caFile = certs.resolve("apiserver.crt");
        awaitUntil("kube-apiserver to write its certificate", apiServer, () -> Files.isRegularFile(caFile));
        HttpClient secure = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(trusting(caFile)).build();
        AtomicReference<String> readyz = new AtomicReference<>("no answer yet");
        awaitUntil("kube-apiserver to be ready", () -> "its last /readyz answer: " + readyz.get(), apiServer, () -> {
            HttpResponse<String> answer = get(secure, masterUrl + "/readyz?verbose", adminToken);
            readyz.set(answer == null ? "none" : answer.statusCode() + "\n" + answer.body());
            return answer != null && answer.statusCode() == 200;
        });

        kubeconfig = write(workDir.resolve("admin.kubeconfig"), kubeconfigYaml(adminToken));
        ManagedProcess controllers = launch("kube-controller-manager", List.of(
                binaries.kubeControllerManager().toString(),
                "--kubeconfig", kubeconfig.toString(),
                "--controllers", CONTROLLERS,
                "--leader-elect=false", "--secure-port=0", "-v=1"), logs);
        admin = new KubernetesClientBuilder().withConfig(configWithToken(adminToken)).build();
        // Its controllers act on their own time; tests wait for their effects (a namespace gone, an object
        // collected), so only an early exit is checked here.
        controllers.checkAlive();
        LOG.info("Kubernetes {} on {} started in {} ms (work directory {})", serverVersion(), masterUrl,
                Duration.between(started, Instant.now()).toMillis(), workDir);
    }

    /** The server's version, as {@code kubectl version} shows it. */
    public String serverVersion() {
        return admin.getKubernetesVersion().getGitVersion();
    }

    /** A client with every right ({@code system:masters}); shared, do not close it. */
    public KubernetesClient admin() {
        return admin;
    }

    /** The admin's client configuration, for a client of the test's own. */
    public Config adminConfig() {
        return configWithToken(adminToken);
    }

    /**
     * The configuration of a client acting as the ServiceAccount {@code namespace/name}, which must exist: a token
     * from the TokenRequest API, valid for an hour, as a pod would have it.
     */
    public Config configAs(String namespace, String serviceAccount) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec()
                .build();
        String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(request).getStatus().getToken();
        Config config = configWithToken(token);
        config.setNamespace(namespace);
        return config;
    }

    /** A new client acting as the ServiceAccount {@code namespace/name}; the caller closes it. */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        return new KubernetesClientBuilder().withConfig(configAs(namespace, serviceAccount)).build();
    }

    /** Runs the real kubectl as the admin, for at most a minute. */
    public Kubectl.Result kubectl(String... args) {
        return Kubectl.run(binaries.kubectl(), kubeconfig, List.of(args));
    }

    /** The kubeconfig file of the admin, for tools run by a test. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        // The controller manager and the API server go before etcd, which they need to stop cleanly.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
    }

    private Config configWithToken(String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withCaCertFile(caFile.toString())
                .withOauthToken(token)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(5_000)
                .build();
    }

    private String kubeconfigYaml(String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: admin
                  user:
                    token: %s
                contexts:
                - name: local
                  context:
                    cluster: local
                    user: admin
                current-context: local
                """.formatted(masterUrl, caFile, token);
    }

    private ManagedProcess launch(String name, List<String> command, Path logs) {
        ManagedProcess process = ManagedProcess.start(name, command, logs);
        processes.add(process);
        return process;
    }

    private static void awaitUntil(String what, ManagedProcess process, BooleanSupplier condition) {
        awaitUntil(what, () -> "", process, condition);
    }

    /** @param detail what the failure message adds after what was awaited: the last answer seen, say */
    private static void awaitUntil(String what, Supplier<String> detail, ManagedProcess process,
            BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!condition.getAsBoolean()) {
            process.checkAlive();
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting for "
                        + what + "; " + detail.get() + "\nthe end of the log of " + process + ":\n"
                        + process.logTail());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static int status(HttpClient http, String url, String token) {
        HttpResponse<String> answer = get(http, url, token);
        return answer == null ? -1 : answer.statusCode();
    }

    /** The answer to a GET, null when there is none (not listening yet, or too slow). */
    private static HttpResponse<String> get(HttpClient http, String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An SSL context trusting the certificates of a PEM file. */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }

    /** A fresh RSA key, PKCS #8 PEM, that signs and verifies ServiceAccount tokens. */
    private static String serviceAccountSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
