/**
 * Per-target limits of the gateway's own ({@code targets[].rateLimit}) and the providers' budgets as their
 * rate-limit headers report them: which target a request may be sent to now, and the tokens it reserves until its
 * usage is known. The windowed counts sit behind {@link io.aigateway.proxy.limits.WindowCounters}: the local store
 * of one replica, or Redis shared by every replica, without the request path knowing which.
 */
package io.aigateway.proxy.limits;
