/**
 * The contract between the request path and the translators, shared by every provider package and depending on
 * none: {@link io.aigateway.proxy.provider.translation.Translator} and its stream counterpart, the client's
 * request and what an attempt sends, the client's error, the two failures a translation can end in, and helpers
 * every translator uses (JSON, target paths, pass-through, SSE stream translation).
 */
package io.aigateway.proxy.provider.translation;
