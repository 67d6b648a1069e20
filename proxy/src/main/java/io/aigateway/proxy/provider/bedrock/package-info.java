/**
 * Amazon Bedrock Converse / ConverseStream: the OpenAI Chat Completions translator and its stream translator, and
 * the wire: the {@code application/vnd.amazon.eventstream} framing decoded incrementally
 * ({@link io.aigateway.proxy.provider.bedrock.EventStreamDecoder}), stream events
 * ({@link io.aigateway.proxy.provider.bedrock.ConverseStreamEvent}), stop reasons and error types. No
 * authentication here: SigV4 lives in {@code io.aigateway.proxy.auth.SigV4Signer}.
 */
package io.aigateway.proxy.provider.bedrock;
