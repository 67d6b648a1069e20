package io.aigateway.proxy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config from files: {@code routing.json} and a credentials directory laid out like a mounted Secret (one file per
 * entry, named after the entry; dotfiles such as Kubernetes' {@code ..data} are skipped and symlinks followed).
 * Both are read again every {@code pollMillis} on a thread of its own, and a changed content is reported.
 */
public final class FileConfigSource implements ConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileConfigSource.class);
    public static final long DEFAULT_POLL_MILLIS = 500;

    private final Path routingJson;
    private final Path credentialsDir;
    private final long pollMillis;
    private ScheduledExecutorService poller;
    private Snapshot last;
    private String lastProblem;

    /** @param credentialsDir null when the targets need no credentials */
    public FileConfigSource(Path routingJson, Path credentialsDir) {
        this(routingJson, credentialsDir, DEFAULT_POLL_MILLIS);
    }

    public FileConfigSource(Path routingJson, Path credentialsDir, long pollMillis) {
        this.routingJson = Objects.requireNonNull(routingJson, "routingJson");
        this.credentialsDir = credentialsDir;
        this.pollMillis = pollMillis;
    }

    private record Snapshot(String routingJson, Map<String, String> credentials) {
    }

    /** Reads the files once and reports them, then polls; blocking for the first read. */
    @Override
    public synchronized void start(Consumer<ConfigVersion> onChange) {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aigw-config-files");
            t.setDaemon(true);
            return t;
        });
        poll(onChange);
        poller.scheduleWithFixedDelay(() -> poll(onChange), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void poll(Consumer<ConfigVersion> onChange) {
        Snapshot now;
        try {
            now = new Snapshot(Files.readString(routingJson, StandardCharsets.UTF_8), readCredentials());
        } catch (IOException | UncheckedIOException e) {
            String problem = (e instanceof NoSuchFileException ? "missing: " : "unreadable: ") + routingJson;
            if (!problem.equals(lastProblem)) {
                LOG.warn("Config files {} ({})", problem, e.getClass().getSimpleName());
                lastProblem = problem;
            }
            return;
        } catch (RuntimeException e) {
            LOG.warn("Config files could not be read: {}", e.getClass().getSimpleName());
            return;
        }
        lastProblem = null;
        if (now.equals(last)) {
            return;
        }
        last = now;
        try {
            onChange.accept(new ConfigVersion(now.routingJson(), now.credentials(), routingJson.toString()));
        } catch (RuntimeException e) {
            LOG.warn("Config consumer failed: {}", e.toString());
        }
    }

    private Map<String, String> readCredentials() throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (credentialsDir == null) {
            return entries;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(credentialsDir)) {
            for (Path file : dir) {
                String name = file.getFileName().toString();
                // Kubernetes mounts ..data and ..<timestamp> next to the entries' symlinks.
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                entries.put(name, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
