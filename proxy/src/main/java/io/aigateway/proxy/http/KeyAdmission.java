package io.aigateway.proxy.http;

import io.aigateway.model.ClientKey;
import io.aigateway.model.Route;
import io.aigateway.proxy.http.ProxyException.Kind;
import io.aigateway.proxy.limits.UsageAdmission;
import io.aigateway.proxy.limits.UsageAdmission.Decision;
import io.aigateway.proxy.limits.UsageAdmission.Limit;
import io.aigateway.proxy.limits.UsageAdmission.Measure;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.limits.WindowCounters.Room;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.routing.ExpectedTokens;
import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A request against its client key's limits and budget and its rule's limits, before it is sent: one reserve in
 * the rate-limit store for all of them, none for a request whose key and rule have no limit. Admitted, the
 * reservation is the {@link RequestObservation}'s to settle, and the answer carries OpenAI's
 * {@code x-ratelimit-*} headers for the tightest limit of each kind; refused, the request fails with 429 (or 503
 * while the store cannot be reached in fail mode {@code closed}) and the same headers.
 */
final class KeyAdmission {

    /** What a client waits before retrying while the shared store cannot be reached: its lease renews as often. */
    static final Duration STORE_RETRY = Duration.ofSeconds(2);
    static final String STORE_UNAVAILABLE = "storeUnavailable";

    private KeyAdmission() {
    }

    /**
     * Reserves the request's claims; completes once it may be sent, or fails with
     * {@link ProxyException.UsageRefused}.
     *
     * @param candidates the targets of its model, of which those {@code able} to take it may be sent it: its budget
     *     claim is priced at the most expensive of these
     */
    static Future<Void> admit(ProxiedRequest request, ClientKey key, List<TargetRuntime> candidates,
            Predicate<TargetRuntime> able, WindowCounters store, ProxyMetrics metrics,
            RequestObservation observation) {
        Route route = request.match().route();
        if (!UsageAdmission.applies(key, route.limits())) {
            return Future.succeededFuture();
        }
        // Only chat, messages and responses requests ask for a completion: anything else counts its prompt alone.
        ExpectedTokens expected = request.api() != null ? request.expectedTokens()
                : new ExpectedTokens(ExpectedTokens.of(request.body().length(), null).input(), 0);
        UsageAdmission admission = UsageAdmission.of(key, route.rule(), route.limits(), expected.input(),
                expected.output(), UsageAdmission.mostExpensive(
                        candidates.stream().filter(able).map(t -> t.target().cost()).toList(), expected.input(),
                        expected.output()));
        return admission.reserve(store).compose(decision -> {
            if (decision instanceof UsageAdmission.Reserved reserved) {
                observation.settleUsageOnEnd(reserved);
                Map<String, String> headers = headers(reserved.room(), reserved.limits());
                HttpServerResponse response = request.request().response();
                // Set as the headers go out, over a forwarded provider's own: the client is limited by ours.
                response.headersEndHandler(v -> headers.forEach(response.headers()::set));
                return Future.succeededFuture();
            }
            if (decision instanceof Decision.Refused refused) {
                Limit limit = refused.limit();
                metrics.usageRefused(observation.labels(), limit.label());
                return Future.failedFuture(new ProxyException.UsageRefused(Kind.USAGE_LIMITED,
                        "Rate limit reached: " + limit.claim().limit() + " (" + limit.claim().max() + "). Retry in "
                                + RetryAfter.seconds(refused.retryAfter()) + " s.",
                        refused.retryAfter(), refusedHeaders(limit, refused.retryAfter())));
            }
            metrics.usageRefused(observation.labels(), STORE_UNAVAILABLE);
            return Future.failedFuture(new ProxyException.UsageRefused(Kind.LIMIT_STORE_UNAVAILABLE,
                    "The gateway's rate-limit store cannot be reached, and it refuses requests it cannot count "
                            + "(failMode closed). Retry shortly.", STORE_RETRY, Map.of()));
        });
    }

    /** The tightest limit of requests and of tokens the reservation left: the least remaining of each kind. */
    static Map<String, String> headers(List<Room> room, List<Limit> limits) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Measure measure : List.of(Measure.REQUESTS, Measure.TOKENS)) {
            Room tightest = null;
            for (int i = 0; i < room.size(); i++) {
                if (limits.get(i).enforced() && limits.get(i).measure() == measure
                        && (tightest == null || room.get(i).remaining() < tightest.remaining())) {
                    tightest = room.get(i);
                }
            }
            if (tightest != null) {
                put(headers, measure, tightest.claim().max(), tightest.remaining(), tightest.resetsIn());
            }
        }
        return headers;
    }

    private static Map<String, String> refusedHeaders(Limit limit, Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (limit.measure() != Measure.SPENT) {
            put(headers, limit.measure(), limit.claim().max(), 0, retryAfter);
        }
        return headers;
    }

    private static void put(Map<String, String> headers, Measure measure, long max, long remaining,
            Duration reset) {
        String kind = measure.name().toLowerCase(Locale.ROOT);
        headers.put("x-ratelimit-limit-" + kind, String.valueOf(max));
        headers.put("x-ratelimit-remaining-" + kind, String.valueOf(remaining));
        headers.put("x-ratelimit-reset-" + kind, reset(reset));
    }

    /** A duration as OpenAI writes its resets: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h0m0s}. */
    static String reset(Duration d) {
        if (d.toMillis() < 1000) {
            return Math.max(0, d.toMillis()) + "ms";
        }
        long s = Long.parseLong(RetryAfter.seconds(d));
        long h = s / 3600;
        long m = s % 3600 / 60;
        return h > 0 ? h + "h" + m + "m" + s % 60 + "s" : m > 0 ? m + "m" + s % 60 + "s" : s + "s";
    }
}
