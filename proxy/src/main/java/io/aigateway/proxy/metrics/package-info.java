/**
 * What the proxy measures and how Prometheus reads it: {@link io.aigateway.proxy.metrics.ProxyMetrics} holds the
 * Micrometer registry and the meters, cached by their labels so the request path looks them up without building
 * meter ids; {@link io.aigateway.proxy.metrics.UsageScanner} reads the token usage from the answers the gateway
 * sends; {@link io.aigateway.proxy.metrics.ModelLabels} bounds the model label, which clients choose.
 */
package io.aigateway.proxy.metrics;
