/**
 * OpenAI Responses API ({@code POST /v1/responses}): the Chat Completions translator and its stream translator,
 * and the wire types: the response object, its output items, usage and streamed events, as Jackson records that
 * ignore fields they do not name (OpenAI adds fields to this API often).
 */
package io.aigateway.proxy.provider.responses;
