package io.aigateway.model;

/**
 * One compiled AIService.
 *
 * @param upstream the name of an entry in {@link RoutingConfig#upstreams()}
 */
public record Service(String name, String upstream) {
    public Service {
        Checks.requireText(name, "services[].name");
        Checks.requireText(upstream, "services[].upstream");
    }
}
