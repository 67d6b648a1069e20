package io.aigateway.proxy.provider.responses;

/** A failed response's {@code error}, or the payload of an {@code error} body: a code and a message. */
public record ErrorDetail(String code, String message, String type, String param) {
}
