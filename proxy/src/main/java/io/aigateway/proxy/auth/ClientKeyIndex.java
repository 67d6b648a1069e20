package io.aigateway.proxy.auth;

import io.aigateway.model.ClientKey;
import io.aigateway.model.ClientKeyHeader;
import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The client keys of one config revision, by the SHA-256 of the key. The key itself is hashed on arrival and never
 * kept, logged or forwarded.
 */
public final class ClientKeyIndex {

    /** The headers a key is read from when a config lists none. */
    public static final List<ClientKeyHeader> DEFAULT_HEADERS =
            List.of(new ClientKeyHeader("Authorization", "Bearer"), new ClientKeyHeader("x-api-key", null));

    /** The outcome of a check; {@code key} is set only when accepted. */
    public record Result(Status status, ClientKey key) {
    }

    public enum Status { ACCEPTED, MISSING, INVALID, EXPIRED }

    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread, reset by each use: looking the algorithm up cost more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** A key by its digest's bytes: a request's digest is looked up as it is, not written as hex first. */
    private final Map<ByteBuffer, Indexed> byDigest;
    private final List<ClientKeyHeader> headers;

    private record Indexed(byte[] digest, ClientKey key) {
    }

    public ClientKeyIndex(List<ClientKey> keys, List<ClientKeyHeader> headers) {
        Map<ByteBuffer, Indexed> map = new HashMap<>();
        for (ClientKey key : keys) {
            byte[] digest = HEX.parseHex(key.sha256());
            map.put(ByteBuffer.wrap(digest), new Indexed(digest, key));
        }
        this.byDigest = Map.copyOf(map);
        this.headers = headers.isEmpty() ? DEFAULT_HEADERS : List.copyOf(headers);
    }

    /** The headers that may carry a client key; none of them is ever forwarded upstream. */
    public List<ClientKeyHeader> headers() {
        return headers;
    }

    public Result check(MultiMap requestHeaders, Instant now) {
        String presented = presentedKey(requestHeaders);
        if (presented == null) {
            return new Result(Status.MISSING, null);
        }
        byte[] digest = sha256(presented);
        Indexed indexed = byDigest.get(ByteBuffer.wrap(digest));
        if (indexed == null || !MessageDigest.isEqual(indexed.digest(), digest)) {
            return new Result(Status.INVALID, null);
        }
        ClientKey candidate = indexed.key();
        if (candidate.expiresAt() != null && !now.isBefore(candidate.expiresAt())) {
            return new Result(Status.EXPIRED, null);
        }
        return new Result(Status.ACCEPTED, candidate);
    }

    /** The key from the first configured header that holds one, its scheme removed; null when none does. */
    String presentedKey(MultiMap requestHeaders) {
        for (ClientKeyHeader header : headers) {
            String value = requestHeaders.get(header.name());
            if (value == null) {
                continue;
            }
            value = value.trim();
            if (header.scheme() != null) {
                String scheme = header.scheme();
                if (value.length() <= scheme.length()
                        || !value.regionMatches(true, 0, scheme, 0, scheme.length())
                        || !Character.isWhitespace(value.charAt(scheme.length()))) {
                    continue;
                }
                value = value.substring(scheme.length()).trim();
            }
            if (!value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    public static byte[] sha256(String key) {
        return SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(String key) {
        return HEX.formatHex(sha256(key));
    }
}
