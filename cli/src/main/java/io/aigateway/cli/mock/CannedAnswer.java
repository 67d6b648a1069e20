package io.aigateway.cli.mock;

import java.util.List;

/**
 * What one answer says, whatever the API's format.
 *
 * @param id unique per provider and request
 * @param model the model the request asked for (echoed, as providers do)
 * @param pieces the answer's text, one piece per streamed content chunk
 * @param promptTokens a rough count of the request's tokens, for usage
 */
record CannedAnswer(String provider, String id, String model, List<String> pieces, int promptTokens,
        long createdEpochSeconds) {

    private static final List<String> WORDS = List.of("Hello", " from", " %s", ".", " Tokens", " keep",
            " coming", " until", " done", ".");

    static List<String> pieces(String provider, int chunks) {
        String[] pieces = new String[chunks];
        for (int i = 0; i < chunks; i++) {
            pieces[i] = WORDS.get(i % WORDS.size()).replace("%s", provider);
        }
        return List.of(pieces);
    }

    String text() {
        return String.join("", pieces);
    }

    int completionTokens() {
        return pieces.size();
    }
}
