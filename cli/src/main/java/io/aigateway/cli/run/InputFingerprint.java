package io.aigateway.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of the input files' names and contents (every {@code *.yaml} and {@code *.yml} below a directory, as
 * the resource loader reads them), so that a poll sees any change, however quick and whatever the file system's
 * timestamp resolution. Inputs are a handful of small files: reading them once a second costs nothing.
 */
public final class InputFingerprint {

    private InputFingerprint() {
    }

    public static String of(List<Path> paths) {
        MessageDigest digest = sha256();
        for (Path path : paths) {
            add(digest, "path " + path);
            if (Files.isRegularFile(path)) {
                addFile(digest, path);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                            .sorted()
                            .forEach(file -> addFile(digest, file));
                } catch (IOException | RuntimeException e) {
                    add(digest, "unreadable " + e);
                }
            } else {
                add(digest, "missing");
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void addFile(MessageDigest digest, Path file) {
        add(digest, "file " + file);
        try {
            digest.update(Files.readAllBytes(file));
        } catch (IOException e) {
            add(digest, "unreadable " + e);
        }
    }

    private static void add(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
