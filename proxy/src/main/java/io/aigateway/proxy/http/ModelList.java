package io.aigateway.proxy.http;

import io.aigateway.proxy.metrics.ProviderNames;

import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's answer to {@code GET …/models}: every model a healthy target of the matched upstream serves (its
 * {@code models} and its {@code defaultModel}), in OpenAI's list format, sorted. A model served by several targets is
 * listed once, owned by the first healthy one in target order.
 */
final class ModelList {

    private ModelList() {
    }

    static String of(List<TargetRuntime> targets) {
        Map<String, String> owners = new TreeMap<>();
        for (TargetRuntime runtime : targets) {
            if (!runtime.health().isHealthy()) {
                continue;
            }
            String owner = ProviderNames.config(runtime.target().provider());
            runtime.target().models().forEach(model -> owners.putIfAbsent(model, owner));
            if (runtime.target().defaultModel() != null) {
                owners.putIfAbsent(runtime.target().defaultModel(), owner);
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
}
