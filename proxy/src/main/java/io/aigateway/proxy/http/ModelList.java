package io.aigateway.proxy.http;

import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.metrics.ProviderNames;
import io.aigateway.proxy.routing.ModelNotRouted;
import io.aigateway.proxy.routing.TargetPlanner;
import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The gateway's answer to {@code GET …/models}: every model name a client may send to the matched upstream that a
 * healthy target would serve, in OpenAI's list format, sorted. Those are the names the upstream's model routes and
 * mapping give (an alias such as {@code fast}, not the models the targets receive for it), and the models its targets
 * list ({@code models} and {@code defaultModel}) where the routes send them to such a target. A model is listed once,
 * owned by the provider of its first healthy target, best priority first.
 */
final class ModelList {

    private ModelList() {
    }

    static String of(TargetPlanner planner) {
        Upstream upstream = planner.upstream();
        Set<String> names = new TreeSet<>(planner.routedModels());
        for (Target t : upstream.targets()) {
            if (t.defaultModel() != null) {
                names.add(t.defaultModel());
            }
        }
        Map<String, String> owners = new TreeMap<>();
        for (String model : names) {
            boolean named = upstream.modelRoutes().containsKey(model) || upstream.modelMapping().containsKey(model);
            for (TargetRuntime runtime : candidates(planner, model)) {
                if (runtime.health().isHealthy() && (named || lists(runtime.target(), model))) {
                    owners.put(model, ProviderNames.config(runtime.target().provider()));
                    break;
                }
            }
        }
        JsonArray data = new JsonArray();
        owners.forEach((model, owner) -> data.add(new JsonObject()
                .put("id", model)
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", owner)));
        return new JsonObject().put("object", "list").put("data", data).encode();
    }

    private static List<TargetRuntime> candidates(TargetPlanner planner, String model) {
        try {
            return planner.candidates(model);
        } catch (ModelNotRouted e) {
            return List.of(); // a target's default model the routes send nowhere
        }
    }

    private static boolean lists(Target target, String model) {
        return target.models().contains(model) || model.equals(target.defaultModel());
    }
}
