/**
 * Anthropic Messages API ({@code POST /v1/messages}): the translators between it and OpenAI Chat Completions in
 * both directions (OpenAI clients to Anthropic targets, Anthropic clients to OpenAI-speaking targets, directly or
 * on to another provider through OpenAI), the Anthropic-to-Anthropic pass-through, and the wire types: the
 * answer, its stream events and its error body, as Jackson records that ignore fields they do not name
 * (Anthropic adds fields without a version change).
 */
package io.aigateway.proxy.provider.anthropic;
