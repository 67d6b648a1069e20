package io.aigateway.proxy.provider.translation;

import io.vertx.core.buffer.Buffer;

/** An error as the client's API writes it: the status to answer and the body in the client's format. */
public record ClientError(int status, Buffer body) {
}
