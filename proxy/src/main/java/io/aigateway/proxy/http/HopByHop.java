package io.aigateway.proxy.http;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Headers that describe one connection and so never cross the proxy (RFC 9110 section 7.6.1). */
final class HopByHop {

    private static final Set<String> NAMES = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** Whether the header must not be copied: hop-by-hop, or named by the message's Connection header. */
    static boolean isHopByHop(String name, MultiMap headers) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return true;
        }
        String connection = headers.get("connection");
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase(lower)) {
                return true;
            }
        }
        return false;
    }
}
