package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A content block of an answer. The translators read {@code text} and {@code tool_use} blocks; others
 * ({@code thinking}, server tool blocks) keep their type and are skipped.
 *
 * @param input the tool's input object for {@code tool_use}
 */
public record ContentBlock(String type, String text, String id, String name, JsonNode input) {

    public static final String TEXT = "text";
    public static final String TOOL_USE = "tool_use";
}
