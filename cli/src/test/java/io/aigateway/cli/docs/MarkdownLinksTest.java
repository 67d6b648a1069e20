package io.aigateway.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of the repository's Markdown leads to a file that exists, and to a heading that exists. */
class MarkdownLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCED = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".mvn");

    @Test
    void shouldLeadEveryRelativeLinkSomewhere() throws IOException {
        Path repository = TestPaths.repository();
        List<Path> files = markdownFiles(repository);
        assertThat(files).contains(repository.resolve("README.md"), repository.resolve("docs/operations.md"));

        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            brokenLinks(file).forEach(link -> broken.add(repository.relativize(file) + ": " + link));
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void shouldFindMissingFilesAndHeadings(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Tips & tricks (local)\n");
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # Page
                [fine](other.md#tips--tricks-local) [fine](#page) [fine](https://example.com/x#y)
                [no file](missing.md) [no heading](other.md#tips) [no heading here](#nowhere)
                `[in code](missing-too.md)`
                ```
                [in a block](missing-three.md)
                ```
                """);

        assertThat(brokenLinks(page)).containsExactly("missing.md", "other.md#tips", "#nowhere");
    }

    private static List<String> brokenLinks(Path file) throws IOException {
        List<String> broken = new ArrayList<>();
        Matcher link = LINK.matcher(prose(Files.readString(file)));
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-z]+:.*")) {
                continue; // https:, mailto:
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
            if (!Files.exists(linked)) {
                broken.add(target);
            } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
                broken.add(target);
            }
        }
        return broken;
    }

    /** The text without fenced blocks and code spans, where brackets and parentheses are code, not links. */
    private static String prose(String markdown) {
        return CODE_SPAN.matcher(FENCED.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    private static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        if (!markdown.toString().endsWith(".md")) {
            return anchors;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String line : FENCED.matcher(Files.readString(markdown)).replaceAll("").split("\n")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    private static List<Path> markdownFiles(Path repository) throws IOException {
        try (Stream<Path> walk = Files.walk(repository)) {
            return walk.filter(path -> path.toString().endsWith(".md") && Files.isRegularFile(path))
                    .filter(path -> {
                        for (Path name : repository.relativize(path)) {
                            if (SKIPPED_DIRECTORIES.contains(name.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        }
    }
}
