/**
 * The data plane: serves one gateway's compiled routing config ({@code io.aigateway.model}) over HTTP.
 * {@code config} loads and swaps the config, {@code routing} matches requests and picks targets, {@code health}
 * tracks passive health, {@code auth} checks client keys and adds provider credentials, {@code http} carries the
 * traffic.
 */
package io.aigateway.proxy;
