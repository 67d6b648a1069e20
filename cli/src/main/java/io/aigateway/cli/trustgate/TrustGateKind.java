package io.aigateway.cli.trustgate;

import java.util.Arrays;
import java.util.Optional;

/** The TrustGate admin API's resource collections, and the kind each becomes here. */
public enum TrustGateKind {
    GATEWAY("gateways", "gateway", "AIGateway"),
    UPSTREAM("upstreams", "upstream", "AIUpstream"),
    SERVICE("services", "service", "AIService"),
    RULE("rules", "rule", "AIRule"),
    KEY("keys", "key", "AIKey");

    private final String collection;
    private final String singular;
    private final String ourKind;

    TrustGateKind(String collection, String singular, String ourKind) {
        this.collection = collection;
        this.singular = singular;
        this.ourKind = ourKind;
    }

    /** The admin API's path segment and the key of an export grouped by kind: {@code upstreams}. */
    public String collection() {
        return collection;
    }

    /** As TrustGate's references name it: {@code upstream} of {@code upstream_id}. */
    public String singular() {
        return singular;
    }

    /** The kind it is imported as: {@code AIUpstream}. */
    public String ourKind() {
        return ourKind;
    }

    static Optional<TrustGateKind> ofCollection(String segment) {
        return Arrays.stream(values()).filter(kind -> kind.collection.equals(segment)).findFirst();
    }
}
