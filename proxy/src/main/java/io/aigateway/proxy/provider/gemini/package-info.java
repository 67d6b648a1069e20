/**
 * Google Gemini {@code generateContent} / {@code streamGenerateContent}: the OpenAI Chat Completions translator
 * and its stream translator, the JSON reader for Gemini's answers and the schema conversion for tools.
 */
package io.aigateway.proxy.provider.gemini;
