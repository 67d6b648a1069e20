package io.aigateway.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayFilesTest {

    private GatewayFiles files;

    @BeforeEach
    void setUp() throws IOException {
        files = GatewayFiles.create();
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private Map<String, String> credentialFiles() throws IOException {
        try (Stream<Path> list = Files.list(files.credentialsDir())) {
            return list.collect(java.util.stream.Collectors.toMap(p -> p.getFileName().toString(), p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    @Test
    void shouldWriteOneOwnerOnlyFilePerEntryAndTheRoutingConfig() throws IOException {
        boolean changed = files.write("{\"a\":1}", Map.of("up.a.apiKey", "sk-1", "up.b.apiKey", "sk-2"));

        assertThat(changed).isTrue();
        assertThat(Files.readString(files.routingJson())).isEqualTo("{\"a\":1}");
        assertThat(files.routingJson().getFileName()).hasToString("routing.json");
        assertThat(credentialFiles()).isEqualTo(Map.of("up.a.apiKey", "sk-1", "up.b.apiKey", "sk-2"));
        assertThat(mode(files.dir())).isEqualTo("rwx------");
        assertThat(mode(files.credentialsDir())).isEqualTo("rwx------");
        assertThat(mode(files.routingJson())).isEqualTo("rw-------");
        assertThat(mode(files.credentialsDir().resolve("up.a.apiKey"))).isEqualTo("rw-------");
    }

    @Test
    void shouldReplaceChangedEntriesAndRemoveOnesNoLongerThere() throws IOException {
        files.write("{\"a\":1}", Map.of("up.a.apiKey", "sk-1", "up.b.apiKey", "sk-2"));

        assertThat(files.write("{\"a\":1}", Map.of("up.a.apiKey", "sk-1", "up.b.apiKey", "sk-2"))).isFalse();
        assertThat(files.write("{\"a\":2}", Map.of("up.a.apiKey", "sk-1b"))).isTrue();

        assertThat(Files.readString(files.routingJson())).isEqualTo("{\"a\":2}");
        assertThat(credentialFiles()).isEqualTo(Map.of("up.a.apiKey", "sk-1b"));
    }

    @Test
    void shouldRefuseAnEntryNameThatIsNotAPlainFileName() {
        assertThatThrownBy(() -> files.write("{}", Map.of("../escape", "x"))).isInstanceOf(IOException.class);
    }

    @Test
    void shouldDeleteEverythingOnClose() throws IOException {
        files.write("{}", Map.of("up.a.apiKey", "sk-1"));

        files.close();

        assertThat(files.dir()).doesNotExist();
    }
}
