/**
 * Translation between the API a client speaks and the API a target speaks. {@link
 * io.aigateway.proxy.provider.Translators} picks the translator for a (client API, target) pair and is the one
 * class that knows every provider; the contract it hands out is in {@code provider.translation}, and each
 * provider API has a package of its own ({@code anthropic}, {@code bedrock}, {@code gemini}, {@code openai},
 * {@code responses}) with its translators, wire types and errors. Authentication is not done here (see
 * {@code io.aigateway.proxy.auth}).
 */
package io.aigateway.proxy.provider;
