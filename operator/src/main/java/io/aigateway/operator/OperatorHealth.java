package io.aigateway.operator;

import io.javaoperatorsdk.operator.Operator;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's health as JOSDK reports it. A standby replica (not the leader) has started too: its informers
 * run and its caches are warm, only its reconciles wait for the lease. It is ready as well, or a rollout of the
 * operator's Deployment would wait for it forever.
 */
final class OperatorHealth implements OperatorEndpoints.Health {

    private final Operator operator;

    OperatorHealth(Operator operator) {
        this.operator = operator;
    }

    @Override
    public boolean alive() {
        return operator.getRuntimeInfo().isStarted();
    }

    @Override
    public List<String> notReady() {
        var runtime = operator.getRuntimeInfo();
        if (!runtime.isStarted()) {
            return List.of("the operator has not started");
        }
        List<String> problems = new ArrayList<>();
        runtime.unhealthyEventSources().forEach((controller, sources) -> sources.forEach((source, indicator) ->
                problems.add("controller " + controller + ": event source " + source + " is "
                        + indicator.getStatus())));
        return problems;
    }
}
