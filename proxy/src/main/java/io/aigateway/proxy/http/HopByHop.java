package io.aigateway.proxy.http;

import io.vertx.core.MultiMap;
import java.util.function.Predicate;

/** Headers that describe one connection and so never cross the proxy (RFC 9110 section 7.6.1). */
final class HopByHop {

    private static final String[] NAMES = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"};

    private HopByHop() {
    }

    /**
     * Which of a message's headers must not be copied: the hop-by-hop ones, and those its Connection header names.
     * The Connection header is read once per message, not once per header.
     */
    static Predicate<String> of(MultiMap headers) {
        String connection = headers.get("connection");
        if (connection == null) {
            return HopByHop::isHopByHop;
        }
        String[] named = connection.split(",");
        for (int i = 0; i < named.length; i++) {
            named[i] = named[i].trim();
        }
        return name -> isHopByHop(name) || isIn(named, name);
    }

    private static boolean isHopByHop(String name) {
        return isIn(NAMES, name);
    }

    private static boolean isIn(String[] names, String name) {
        for (String named : names) {
            if (named.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
