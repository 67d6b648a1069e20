package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.limits.Permit;
import io.aigateway.proxy.limits.UsageAdmission;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.metrics.RequestLabels;
import io.aigateway.proxy.metrics.UsageScanner;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Supplier;

/**
 * What one client request contributes to the metrics, recorded when its response ends or is cut: the request count
 * and duration, time to first token, token usage. It also holds the request's place in {@link InFlight} until then.
 * Used on the request's event loop only.
 */
final class RequestObservation {

    private final ProxyMetrics metrics;
    private final InFlight inFlight;
    private final HttpServerResponse response;
    private final long startNanos = System.nanoTime();
    private RequestLabels labels = RequestLabels.UNROUTED;
    private Target answeredBy;
    private boolean firstByteSent;
    private UsageScanner usage;
    /** A translated stream's usage, asked of its translator at the end instead of read from the client's bytes. */
    private Supplier<JsonNode> reportedUsage;
    private Permit permit;
    private UsageAdmission.Reserved keyUsage;
    private boolean ended;

    RequestObservation(HttpServerResponse response, ProxyMetrics metrics, InFlight inFlight) {
        this.response = response;
        this.metrics = metrics;
        this.inFlight = inFlight;
        inFlight.started();
        // Called once: when the response was written, or when the connection closed before that.
        response.endHandler(v -> ended());
    }

    RequestLabels labels() {
        return labels;
    }

    void routed(String gateway, String rule, String path) {
        labels = new RequestLabels(gateway, rule, RequestLabels.operationOf(path), labels.model());
    }

    void model(String requested) {
        labels = labels.withModel(metrics.modelLabel(requested));
    }

    /** The target whose answer the client receives. */
    void answeredBy(Target target) {
        answeredBy = target;
    }

    /** The scanner the answer's bytes go through; null when the answer carries no usage the gateway can read. */
    UsageScanner usage(String contentType) {
        if (contentType == null) {
            return null;
        }
        if (contentType.startsWith("text/event-stream")) {
            usage = UsageScanner.forStream();
        } else if (contentType.contains("json")) {
            usage = UsageScanner.forJson();
        }
        return usage;
    }

    /** The answer's usage, read before its bytes reach the relay. */
    void usageRead(UsageScanner read) {
        usage = read;
    }

    /** The answer's usage comes from {@code reported} (null: none) once it ends; its bytes are not scanned. */
    void usageReportedBy(Supplier<JsonNode> reported) {
        reportedUsage = reported;
    }

    /** The answering attempt's hold on its target's limits, settled by the answer's usage once it ends. */
    void settleOnEnd(Permit answering) {
        if (ended) {
            answering.refund(); // the client left before the answer reached it
        } else {
            permit = answering;
        }
    }

    /** The request's hold on its client key's and rule's limits, settled by the answer's usage once it ends. */
    void settleUsageOnEnd(UsageAdmission.Reserved reserved) {
        if (ended) {
            reserved.release(); // the client left while the request was being admitted
        } else {
            keyUsage = reserved;
        }
    }

    /** A streamed answer's bytes are about to be written; the first call is its time to first token. */
    void streamBytes() {
        if (!firstByteSent) {
            firstByteSent = true;
            metrics.timeToFirstToken(labels, answeredBy, System.nanoTime() - startNanos);
        }
    }

    private void ended() {
        ended = true;
        inFlight.ended();
        // end() called means the whole answer was handed to the connection; otherwise it was cut.
        int status = response.ended() ? response.getStatusCode() : -1;
        metrics.request(labels, answeredBy, status, System.nanoTime() - startNanos);
        if (reportedUsage != null) {
            JsonNode reported = reportedUsage.get();
            usage = reported != null && reported.isObject() ? UsageScanner.of(reported) : null;
        }
        boolean usageKnown = usage != null && usage.found();
        if (usageKnown) {
            metrics.tokens(labels, answeredBy, usage.inputTokens(), usage.outputTokens());
        }
        // Without usage: an error answer, or none at all, used nothing; any other keeps its reservation as the best
        // estimate there is (a cut stream that reported none may have produced tokens, never counted as nothing).
        if (permit != null) {
            if (usageKnown) {
                permit.settle(usage.inputTokens() + usage.outputTokens());
            } else if (status >= 400) {
                permit.refund();
            } else {
                permit.settle(permit.reserved());
            }
        }
        if (keyUsage != null) {
            if (usageKnown) {
                keyUsage.settle(usage.inputTokens(), usage.outputTokens(),
                        answeredBy == null ? null : answeredBy.cost());
            } else if (status >= 400 || !response.headWritten()) {
                keyUsage.release();
            } else {
                keyUsage.keep();
            }
        }
    }
}
