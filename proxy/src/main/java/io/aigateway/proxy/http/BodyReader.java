package io.aigateway.proxy.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Collects a request body up to a limit; past it the future fails with 413's kind. */
final class BodyReader {

    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long max, long contentLength) {
        Promise<Buffer> promise = Promise.promise();
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
        return promise.future();
    }

    static ProxyException tooLarge(long max) {
        return new ProxyException(ProxyException.Kind.TOO_LARGE,
                "Request body is larger than this gateway accepts (" + max + " bytes).");
    }
}
