package io.aigateway.proxy.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Collects a request body up to a limit, past which the future fails with 413's kind, and within a deadline from
 * the end of the head, past which it fails with 408's kind. A deadline for the whole body rather than for each pause
 * in it: a client trickling a byte now and then would otherwise hold its connection for as long as it likes.
 */
final class BodyReader {

    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long max, long contentLength, Deadlines deadlines,
            long deadlineMillis) {
        Promise<Buffer> promise = Promise.promise();
        if (!request.isEnded()) {
            Deadlines.Deadline deadline = deadlines.arm(deadlineMillis, () -> promise.tryFail(new ProxyException(
                    ProxyException.Kind.REQUEST_TIMEOUT, "The request body did not arrive within "
                            + deadlineMillis + " ms.")));
            promise.future().onComplete(done -> deadline.disarm());
        }
        Buffer body = Buffer.buffer((int) Math.max(0, Math.min(contentLength, 64 * 1024)));
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                promise.tryFail(tooLarge(max));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> promise.tryComplete(body));
        request.exceptionHandler(e -> promise.tryFail(
                new ProxyException(ProxyException.Kind.CLIENT_GONE, "client went away while sending the body")));
        // The request object lives as long as its answer (a stream's: minutes) and with it its handlers: once the
        // whole body is in, nothing more comes, and handlers that hold it (directly, or through the promise) go.
        // Not after a failure: the handler still discards what a client sends past the limit.
        promise.future().onSuccess(read -> request.handler(null).endHandler(null).exceptionHandler(null));
        return promise.future();
    }

    static ProxyException tooLarge(long max) {
        return new ProxyException(ProxyException.Kind.TOO_LARGE,
                "Request body is larger than this gateway accepts (" + max + " bytes).");
    }
}
