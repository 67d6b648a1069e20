package io.aigateway.cli.run;

import io.aigateway.model.RoutingConfigJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One gateway's compiled config as files in a private temporary directory, laid out as the proxy's file source
 * reads them: {@code routing.json} and {@code credentials/}, one file per entry as in a mounted Secret. Directories
 * are readable by the owner only, files are mode 600. Every file is replaced by an atomic rename, so a reader sees
 * the old content or the new, never half of it; the temporary files start with a dot, which the file source skips.
 */
public final class GatewayFiles implements AutoCloseable {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final Path routingJson;
    private final Path credentialsDir;

    private GatewayFiles(Path dir) throws IOException {
        this.dir = dir;
        this.routingJson = dir.resolve(RoutingConfigJson.CONFIG_MAP_KEY);
        this.credentialsDir = Files.createDirectory(dir.resolve("credentials"), ownerOnly(true));
    }

    /** A new private directory under the system's temporary directory. */
    public static GatewayFiles create() throws IOException {
        return new GatewayFiles(Files.createTempDirectory("aigw-run-", ownerOnly(true)));
    }

    public Path dir() {
        return dir;
    }

    public Path routingJson() {
        return routingJson;
    }

    public Path credentialsDir() {
        return credentialsDir;
    }

    /**
     * Writes what changed: the credential entries first (and removes the ones no longer there), then
     * {@code routing.json}, so that a config never names an entry that is not written yet.
     *
     * @return whether anything changed
     */
    public synchronized boolean write(String configJson, Map<String, String> credentials) throws IOException {
        boolean changed = false;
        for (Map.Entry<String, String> entry : credentials.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
                throw new IOException("credential entry name '" + name + "' cannot be a file name");
            }
            changed |= replace(credentialsDir.resolve(name), entry.getValue());
        }
        try (Stream<Path> existing = Files.list(credentialsDir)) {
            for (Path file : existing.toList()) {
                if (!credentials.containsKey(file.getFileName().toString())) {
                    Files.delete(file);
                    changed = true;
                }
            }
        }
        changed |= replace(routingJson, configJson);
        return changed;
    }

    private static boolean replace(Path file, String content) throws IOException {
        if (Files.isRegularFile(file) && Objects.equals(Files.readString(file, StandardCharsets.UTF_8), content)) {
            return false;
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, ownerOnly(false));
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    private static FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))
        };
    }

    /** Deletes the directory and everything in it. */
    @Override
    public synchronized void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
