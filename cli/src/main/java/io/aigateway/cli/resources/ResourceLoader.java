package io.aigateway.cli.resources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aigateway.cli.schema.CrdSchemas;
import io.aigateway.operator.compiler.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads resources from YAML or JSON files and directories (every {@code *.yaml} and {@code *.yml} below them,
 * sorted by path), several documents per file. Keeps our kinds ({@code aigateway.io}) and Secrets; counts the
 * rest as ignored. A resource without a namespace gets the default one, as {@code kubectl apply} would.
 */
public final class ResourceLoader {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Class<? extends HasMetadata>> CLASSES_BY_KIND = CrdSchemas.RESOURCE_CLASSES
            .stream().collect(Collectors.toMap(HasMetadata::getKind, Function.identity()));

    private final String defaultNamespace;

    public ResourceLoader(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    /** Reads the paths in the order given; the files of a directory in path order. */
    public LoadResult load(List<Path> paths) {
        List<LoadedResource> resources = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int[] ignored = {0};
        for (Path path : paths) {
            for (Path file : InputFiles.list(path, List.of(".yaml", ".yml"), errors)) {
                readFile(file, resources, errors, ignored);
            }
        }
        return new LoadResult(resources, errors, ignored[0]);
    }

    private void readFile(Path file, List<LoadedResource> resources, List<String> errors, int[] ignored) {
        int index = 0;
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            while (true) {
                index++;
                JsonNode document;
                try {
                    if (parser.nextToken() == null) {
                        break;
                    }
                    document = YAML.readTree(parser);
                } catch (IOException | RuntimeException e) {
                    errors.add(malformed(file, index, e));
                    return;
                }
                read(document, file + "#" + index, resources, errors, ignored);
            }
        } catch (IOException e) {
            errors.add(file + ": cannot read: " + oneLine(e.getMessage()));
        }
    }

    private void read(JsonNode document, String source, List<LoadedResource> resources, List<String> errors,
            int[] ignored) {
        if (document == null || document.isNull() || document.isMissingNode()
                || (document.isObject() && document.isEmpty())) {
            return; // an empty document, such as a trailing '---'
        }
        if (!document.isObject()) {
            errors.add(source + ": not a Kubernetes resource (a mapping with apiVersion and kind)");
            return;
        }
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            errors.add(source + ": not a Kubernetes resource: apiVersion and kind are required");
            return;
        }
        Class<? extends HasMetadata> type;
        if (apiVersion.startsWith(CrdSchemas.group() + "/")) {
            type = CLASSES_BY_KIND.get(kind);
            if (type == null) {
                errors.add(source + ": unknown kind " + kind + " in " + apiVersion);
                return;
            }
        } else if (apiVersion.equals("v1") && kind.equals("Secret")) {
            type = Secret.class;
        } else {
            ignored[0]++;
            return;
        }
        ObjectNode raw = (ObjectNode) document.deepCopy();
        ObjectNode metadata = raw.withObject("metadata");
        if (metadata.path("namespace").asText("").isEmpty()) {
            metadata.put("namespace", defaultNamespace);
        }
        String name = metadata.path("name").asText("");
        ResourceRef ref = new ResourceRef(kind, metadata.path("namespace").asText(), name);
        HasMetadata resource = null;
        if (!name.isEmpty()) {
            try {
                resource = SERIALIZATION.convertValue(raw, type);
            } catch (RuntimeException e) {
                if (type == Secret.class) {
                    // Jackson's message may quote the offending value: never print it for a Secret.
                    errors.add(source + ": " + ref + ": not a valid Secret: data and stringData must map keys to "
                            + "strings");
                    return;
                }
                // The schema check says what is wrong.
            }
        } else if (type == Secret.class) {
            errors.add(source + ": Secret without metadata.name");
            return;
        }
        resources.add(new LoadedResource(ref, source, raw, resource));
    }

    /**
     * {@code file:line:column: malformed YAML in document N: problem}, with the parser's whole problem (what it was
     * parsing and from where, then what it found), on one line.
     */
    private static String malformed(Path file, int document, Exception e) {
        String what = ": malformed YAML in document " + document + ": ";
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark problem = marked.getProblemMark();
            Mark context = marked.getContextMark();
            String during = marked.getContext() == null ? ""
                    : marked.getContext() + (context == null || context.getIndex() == problem.getIndex() ? ""
                            : " from line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1))
                            + ": ";
            return file + ":" + (problem.getLine() + 1) + ":" + (problem.getColumn() + 1) + what + during
                    + marked.getProblem();
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return file + ":" + json.getLocation().getLineNr() + ":" + json.getLocation().getColumnNr() + what
                    + oneLine(json.getOriginalMessage());
        }
        return file + what + oneLine(e.getMessage());
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
