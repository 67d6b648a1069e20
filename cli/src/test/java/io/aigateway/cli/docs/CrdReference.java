package io.aigateway.cli.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders docs/crd-reference.md: for each CRD of {@code crds/}, its names, the columns of {@code kubectl get},
 * one example taken from {@code samples/}, and every spec and status field with its type, whether it is required,
 * its description and its constraints (enum, range, length, pattern, items, CEL rules), all read from the CRD.
 */
public final class CrdReference {

    /** The command that rewrites the reference; CrdReferenceTest names it when the committed copy is stale. */
    public static final String REGENERATE = "./mvnw -B -q -pl cli -am test -Dtest=CrdReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern MARKDOWN_SPECIAL = Pattern.compile("[\\\\`*_\\[\\]|]");

    /** One CRD as read from its file. */
    record Crd(String kind, String plural, List<String> shortNames, List<String> categories, String group,
            String version, JsonNode crd) {
    }

    /** One document of a sample file: its YAML as written, and where it came from. */
    record Example(String kind, String yaml, String source, int leaves) {
    }

    private CrdReference() {
    }

    /** The reference for the CRD files in {@code crdsDir}, with examples from {@code samplesDir}. */
    public static String render(Path crdsDir, Path samplesDir) {
        List<Crd> crds = readCrds(crdsDir);
        Map<String, Example> examples = richestExampleByKind(samplesDir);
        StringBuilder md = new StringBuilder();
        md.append("# CRD field reference\n\n")
                .append("<!-- Generated from crds/*.yaml and samples/ by CrdReferenceTest (cli module). "
                        + "Do not edit by hand; regenerate with:\n     ").append(REGENERATE).append("\n-->\n\n")
                .append("Every field of the five custom resources, as the CRDs in [`crds/`](../crds) define them: "
                        + "type, whether it is required, what it means and what the API server checks (enums, "
                        + "ranges, lengths, patterns, CEL rules). Defaults are the operator's and are given in "
                        + "the descriptions. The example of each kind is the richest one in "
                        + "[`samples/`](../samples). `aigw validate -f <files>` applies the same checks "
                        + "offline.");
        crds.stream().flatMap(crd -> crd.categories().stream()).distinct().sorted().forEach(category -> md
                .append(" `kubectl get ").append(category).append("` lists the resources of the kinds in that ")
                .append("category together: ").append(String.join(", ", crds.stream()
                        .filter(crd -> crd.categories().contains(category)).map(Crd::kind).toList()))
                .append('.'));
        md.append("\n\n");
        for (Crd crd : crds) {
            md.append("- [").append(crd.kind()).append("](#").append(crd.kind().toLowerCase(Locale.ROOT))
                    .append(")\n");
        }
        md.append('\n');
        for (Crd crd : crds) {
            renderKind(md, crd, Optional.ofNullable(examples.get(crd.kind())));
        }
        return md.toString();
    }

    static List<Crd> readCrds(Path crdsDir) {
        try (Stream<Path> files = Files.list(crdsDir)) {
            List<Crd> crds = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                JsonNode names = crd.path("spec").path("names");
                List<String> shortNames = new ArrayList<>();
                names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
                List<String> categories = new ArrayList<>();
                names.path("categories").forEach(n -> categories.add(n.asText()));
                JsonNode version = crd.path("spec").path("versions").path(0);
                crds.add(new Crd(names.path("kind").asText(), names.path("plural").asText(), shortNames, categories,
                        crd.path("spec").path("group").asText(), version.path("name").asText(), version));
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRDs in " + crdsDir, e);
        }
    }

    private static void renderKind(StringBuilder md, Crd crd, Optional<Example> example) {
        JsonNode version = crd.crd();
        JsonNode schema = version.path("schema").path("openAPIV3Schema").path("properties");
        md.append("## ").append(crd.kind()).append("\n\n")
                .append("`apiVersion: ").append(crd.group()).append('/').append(crd.version())
                .append("`, namespaced. `kubectl get ").append(crd.plural()).append('`');
        for (String shortName : crd.shortNames()) {
            md.append(" or `kubectl get ").append(shortName).append('`');
        }
        md.append(". ").append(text(schema.path("spec").path("description").asText())).append("\n\n");
        renderColumns(md, version.path("additionalPrinterColumns"));
        example.ifPresent(e -> md.append("Example, from [`").append(e.source()).append("`](../")
                .append(e.source()).append("):\n\n```yaml\n").append(e.yaml()).append("\n```\n\n"));
        for (String part : List.of("spec", "status")) {
            JsonNode node = schema.path(part);
            if (node.isMissingNode()) {
                continue;
            }
            md.append("### `").append(part).append("`\n\n");
            if (part.equals("status")) {
                md.append(text(node.path("description").asText())).append("\n\n");
            }
            md.append("| Field | Type | Description |\n|---|---|---|\n");
            renderFields(md, part, node);
            md.append('\n');
        }
    }

    /** kubectl shows NAME, then the columns of priority 0 in CRD order; -o wide shows every column. */
    private static void renderColumns(StringBuilder md, JsonNode columns) {
        if (!columns.isArray() || columns.isEmpty()) {
            return;
        }
        StringBuilder normal = new StringBuilder("NAME");
        StringBuilder wide = new StringBuilder("NAME");
        boolean wideAddsColumns = false;
        for (JsonNode column : columns) {
            String name = column.path("name").asText().toUpperCase(Locale.ROOT);
            wide.append("  ").append(name);
            if (column.path("priority").asInt(0) == 0) {
                normal.append("  ").append(name);
            } else {
                wideAddsColumns = true;
            }
        }
        md.append("Columns of `kubectl get`: `").append(normal).append('`');
        if (wideAddsColumns) {
            md.append("; with `-o wide`: `").append(wide).append('`');
        }
        md.append(".\n\n| Column | Value | Shown |\n|---|---|---|\n");
        for (JsonNode column : columns) {
            md.append("| ").append(column.path("name").asText().toUpperCase(Locale.ROOT)).append(" | ")
                    .append(code(column.path("jsonPath").asText())).append(" | ")
                    .append(column.path("priority").asInt(0) == 0 ? "always" : "`-o wide`").append(" |\n");
        }
        md.append('\n');
    }

    /** One row per field below {@code node}, depth first in CRD order; array items are written {@code []}. */
    static void renderFields(StringBuilder md, String path, JsonNode node) {
        Set<String> required = new HashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        node.path("properties").fields().forEachRemaining(field -> {
            String fieldPath = path + "." + field.getKey();
            JsonNode schema = field.getValue();
            md.append("| ").append(code(fieldPath)).append(" | ").append(type(schema)).append(" | ")
                    .append(description(schema, required.contains(field.getKey()))).append(" |\n");
            JsonNode items = schema.path("items");
            if (items.has("properties")) {
                renderFields(md, fieldPath + "[]", items);
            } else if (schema.has("properties")) {
                renderFields(md, fieldPath, schema);
            }
        });
    }

    private static String type(JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return "int-or-string";
        }
        String type = schema.path("type").asText();
        if (type.equals("array")) {
            return "[]" + type(schema.path("items"));
        }
        if (type.equals("object") && schema.has("additionalProperties")) {
            return "map[string]" + type(schema.path("additionalProperties"));
        }
        return type;
    }

    private static String description(JsonNode schema, boolean required) {
        List<String> parts = new ArrayList<>();
        if (required) {
            parts.add("**Required.**");
        }
        String description = schema.path("description").asText("");
        if (!description.isBlank()) {
            parts.add(text(description));
        }
        JsonNode enumSource = schema.has("enum") ? schema : schema.path("items");
        if (enumSource.has("enum")) {
            List<String> values = new ArrayList<>();
            enumSource.path("enum").forEach(v -> values.add(code(v.asText())));
            parts.add("One of " + String.join(", ", values) + ".");
        }
        if (schema.has("default")) {
            parts.add("Default " + code(schema.path("default").toString()) + ".");
        }
        range(schema, "minimum", "maximum", "").ifPresent(parts::add);
        range(schema, "minLength", "maxLength", " characters").ifPresent(parts::add);
        range(schema, "minItems", "maxItems", " items").ifPresent(parts::add);
        if (schema.has("pattern")) {
            parts.add("Pattern " + code(schema.path("pattern").asText()) + ".");
        }
        rules("Rule", schema).forEach(parts::add);
        rules("Rule on each item", schema.path("items")).forEach(parts::add);
        return parts.isEmpty() ? "" : String.join(" ", parts);
    }

    /** The CEL rules (x-kubernetes-validations) the API server applies to a value, with their messages. */
    private static List<String> rules(String label, JsonNode schema) {
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            rules.add(label + ": " + text(rule.path("message").asText()) + " ("
                    + code(rule.path("rule").asText()) + ").");
        }
        return rules;
    }

    private static Optional<String> range(JsonNode schema, String minKey, String maxKey, String unit) {
        boolean min = schema.has(minKey);
        boolean max = schema.has(maxKey);
        if (min && max) {
            return Optional.of("From " + number(schema.path(minKey)) + " to " + number(schema.path(maxKey)) + unit
                    + ".");
        }
        if (min) {
            return Optional.of("At least " + number(schema.path(minKey)) + unit + ".");
        }
        if (max) {
            return Optional.of("At most " + number(schema.path(maxKey)) + unit + ".");
        }
        return Optional.empty();
    }

    /** 1.048576E8 as the generator writes it, 104857600 as a person reads it. */
    private static String number(JsonNode value) {
        return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
    }

    /** Prose from a description, safe in a Markdown table cell. */
    static String text(String prose) {
        String escaped = MARKDOWN_SPECIAL.matcher(prose.replace('\n', ' ').strip())
                .replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
        return escaped.replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A code span that holds any text, backticks included, inside a Markdown table cell. */
    static String code(String value) {
        int longestRun = 0;
        Matcher runs = Pattern.compile("`+").matcher(value);
        while (runs.find()) {
            longestRun = Math.max(longestRun, runs.group().length());
        }
        String fence = "`".repeat(longestRun + 1);
        String padding = longestRun > 0 ? " " : "";
        return fence + padding + value.replace("|", "\\|") + padding + fence;
    }

    /**
     * Per kind, the sample document with the most values in its spec (the first by path on a tie), as written in
     * its file, comments inside it included.
     */
    static Map<String, Example> richestExampleByKind(Path samplesDir) {
        Map<String, Example> richest = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(samplesDir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + samplesDir, e);
        }
        // Links are relative to the repository, which holds samples/.
        Path repository = samplesDir.toAbsolutePath().normalize().getParent();
        for (Path file : files) {
            String source = repository.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            for (Example example : examples(file, source)) {
                richest.merge(example.kind(), example, (first, next) -> next.leaves() > first.leaves() ? next : first);
            }
        }
        return richest;
    }

    private static List<Example> examples(Path file, String source) {
        List<Example> examples = new ArrayList<>();
        try {
            for (String document : DOCUMENT_SEPARATOR.split(Files.readString(file))) {
                String yaml = withoutLeadingComments(document);
                if (yaml.isEmpty()) {
                    continue;
                }
                JsonNode parsed = YAML.readTree(yaml);
                if (parsed != null && parsed.path("apiVersion").asText().startsWith("aigateway.io/")) {
                    examples.add(new Example(parsed.path("kind").asText(), yaml, source,
                            leaves(parsed.path("spec"))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return examples;
    }

    /** A document without the comment lines above it, which describe the scenario rather than the resource. */
    private static String withoutLeadingComments(String document) {
        List<String> lines = new ArrayList<>(document.strip().lines().toList());
        while (!lines.isEmpty() && (lines.get(0).isBlank() || lines.get(0).startsWith("#"))) {
            lines.remove(0);
        }
        return String.join("\n", lines).strip();
    }

    private static int leaves(JsonNode node) {
        if (node.isContainerNode()) {
            int count = 0;
            for (JsonNode child : node) {
                count += leaves(child);
            }
            return count;
        }
        return node.isMissingNode() ? 0 : 1;
    }
}
