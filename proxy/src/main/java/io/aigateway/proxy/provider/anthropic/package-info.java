/**
 * Anthropic Messages API wire types ({@code POST /v1/messages}): the answer, its stream events and its error body,
 * as Jackson records that ignore fields they do not name (Anthropic adds fields without a version change).
 */
package io.aigateway.proxy.provider.anthropic;
