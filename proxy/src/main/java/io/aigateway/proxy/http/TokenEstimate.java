package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tokens a request may use before its answer says how many it did: its prompt, estimated from the body's size
 * (about four bytes a token, which the JSON around the text makes generous), plus the completion budget it asks
 * for ({@code max_tokens}, {@code max_completion_tokens} or {@code max_output_tokens}), none when it asks for
 * none. Reserved against a target's {@code tokensPerMinute} and settled by the answer's usage.
 */
final class TokenEstimate {

    private static final int BYTES_PER_TOKEN = 4;
    private static final String[] COMPLETION_BUDGETS = {"max_tokens", "max_completion_tokens", "max_output_tokens"};

    private TokenEstimate() {
    }

    static long of(ProxiedRequest request) {
        long prompt = (request.body().length() + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
        if (request.api() == null) {
            return prompt;
        }
        JsonNode body;
        try {
            body = request.parsed().body();
        } catch (ProxyException.BadRequest e) {
            return prompt; // refused when the attempt translates it; not this estimate's business
        }
        for (String field : COMPLETION_BUDGETS) {
            JsonNode budget = body.get(field);
            if (budget != null && budget.canConvertToLong() && budget.asLong() > 0) {
                return prompt + budget.asLong();
            }
        }
        return prompt;
    }
}
