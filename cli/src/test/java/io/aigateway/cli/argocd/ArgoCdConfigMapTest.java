package io.aigateway.cli.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * samples/argocd/argocd-cm-health.yaml holds exactly the scripts of samples/argocd/health, so they cannot drift.
 * After changing a script, rewrite it with {@code ./mvnw -B -pl cli -am verify -Dargocd.update=true}.
 */
class ArgoCdConfigMapTest {

    private static final String KEY_PREFIX = "resource.customizations.health.aigateway.io_";

    @Test
    void shouldHoldEachKindsHealthCheckAsTheScriptsDefineIt() throws IOException {
        Path file = configMapFile();
        if (Boolean.getBoolean("argocd.update")) {
            Files.writeString(file, render());
        }

        ConfigMap configMap = new KubernetesSerialization().unmarshal(Files.readString(file), ConfigMap.class);

        assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
        assertThat(configMap.getData()).hasSize(ArgoCdHealthChecks.KINDS.size());
        for (String kind : ArgoCdHealthChecks.KINDS) {
            assertThat(configMap.getData().get(KEY_PREFIX + kind)).as(kind).isEqualTo(ArgoCdHealthChecks.script(kind));
        }
        assertThat(Files.readString(file)).as("%s is not as rendered: rerun with -Dargocd.update=true", file)
                .isEqualTo(render());
    }

    private static Path configMapFile() {
        return ArgoCdHealthChecks.directory().getParent().resolve("argocd-cm-health.yaml");
    }

    /** The scripts as literal blocks, indented under their keys. */
    private static String render() {
        StringBuilder yaml = new StringBuilder("""
                # Generated from health/*.lua by ArgoCdConfigMapTest (cli module): edit the scripts, then
                #   ./mvnw -B -pl cli -am verify -Dargocd.update=true
                # Merge it into Argo CD's argocd-cm (README.md in this folder says how); never kubectl apply it.
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                  namespace: argocd
                  labels:
                    app.kubernetes.io/name: argocd-cm
                    app.kubernetes.io/part-of: argocd
                data:
                """);
        for (String kind : ArgoCdHealthChecks.KINDS) {
            yaml.append("  ").append(KEY_PREFIX).append(kind).append(": |\n");
            yaml.append(ArgoCdHealthChecks.script(kind).lines()
                    .map(line -> line.isEmpty() ? "" : "    " + line)
                    .collect(Collectors.joining("\n", "", "\n")));
        }
        return yaml.toString();
    }
}
