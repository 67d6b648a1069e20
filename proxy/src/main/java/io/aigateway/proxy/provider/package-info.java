/**
 * Translation between the API a client speaks and the API a target speaks: one {@link
 * io.aigateway.proxy.provider.Translator} per (client API, provider API) pair, chosen in one place
 * ({@link io.aigateway.proxy.provider.Translators}). Provider wire types live in a sub-package per provider.
 * Authentication is not done here (see {@code io.aigateway.proxy.auth}).
 */
package io.aigateway.proxy.provider;
