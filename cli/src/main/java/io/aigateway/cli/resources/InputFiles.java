package io.aigateway.cli.resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files a command's {@code -f PATH} names: the file itself, or the matching files below a directory. */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * @param suffixes the file name endings read below a directory, such as {@code .yaml}
     * @param errors gets a line when the path is missing or the directory cannot be listed
     * @return a file as is; a directory's files with one of the suffixes, sorted by path
     */
    public static List<Path> list(Path path, List<String> suffixes, List<String> errors) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            errors.add(path + ": no such file or directory");
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> suffixes.stream().anyMatch(p.getFileName().toString()::endsWith))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            errors.add(path + ": cannot list directory: " + e.getMessage());
            return List.of();
        }
    }
}
