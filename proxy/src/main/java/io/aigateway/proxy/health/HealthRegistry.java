package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;

/**
 * The health of every target by upstream and target name. It outlives config revisions, so a reload keeps what
 * the proxy learnt about its targets; a target whose health settings changed starts afresh.
 */
public final class HealthRegistry {

    public TargetHealth of(String upstream, String target, HealthChecks settings) {
        throw new UnsupportedOperationException("in progress");
    }
}
