package io.aigateway.cli.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fenced code blocks of a Markdown file, each with the marker comment right above it:
 * {@code <!-- run by QuickstartIT -->} (a test runs the block; it reads the blocks with {@link #runBy}) or
 * {@code <!-- not run here: why -->}.
 */
final class MarkdownBlocks {

    /** Info strings of blocks that hold no commands. */
    private static final List<String> NOT_COMMANDS = List.of("yaml", "json", "mermaid", "text");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}```\\s*(\\S*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

    /** A fenced block: its first line's number (1-based), info string, marker (null when none) and text. */
    record Block(int line, String info, String marker, String text) {

        boolean holdsCommands() {
            return !NOT_COMMANDS.contains(info);
        }

        /** The commands of a transcript block ({@code $ } lines, continued by a trailing backslash). */
        List<Command> commands() {
            List<Command> commands = new ArrayList<>();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].startsWith("$ ")) {
                    continue;
                }
                StringBuilder command = new StringBuilder(lines[i].substring(2));
                while (lines[i].endsWith("\\") && i + 1 < lines.length) {
                    command.append('\n').append(lines[++i]);
                }
                StringBuilder output = new StringBuilder();
                while (i + 1 < lines.length && !lines[i + 1].startsWith("$ ")) {
                    output.append(lines[++i]).append('\n');
                }
                commands.add(new Command(command.toString(), output.toString().strip()));
            }
            return commands;
        }
    }

    /**
     * A command of a transcript and the output the docs show for it, where {@code …} stands for any text (also
     * over several lines).
     */
    record Command(String command, String expected) {

        boolean shows(String actual) {
            String regex = Arrays.stream(expected.split("…", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*?", "(?s)", ""));
            return actual.strip().matches(regex);
        }
    }

    private MarkdownBlocks() {
    }

    static List<Block> of(Path markdown) throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(markdown);
        String marker = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            Matcher comment = MARKER.matcher(lines.get(i));
            if (fence.matches()) {
                int start = i;
                StringBuilder text = new StringBuilder();
                String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
                while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                    String line = lines.get(i);
                    text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
                }
                blocks.add(new Block(start + 1, fence.group(1), marker, text.toString()));
                marker = null;
            } else if (comment.matches()) {
                marker = comment.group(1);
            } else if (!lines.get(i).isBlank()) {
                marker = null;
            }
        }
        return blocks;
    }

    /** The blocks of a file that the given test runs, in file order. */
    static List<Block> runBy(Path markdown, Class<?> test) throws IOException {
        return of(markdown).stream().filter(block -> ("run by " + test.getSimpleName()).equals(block.marker()))
                .toList();
    }
}
