package io.aigateway.proxy.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/**
 * The scaffolding the strict fakes share: a {@link FakeUpstream} that refuses, in the provider's own error format,
 * what {@link #check} finds wrong, and gives a valid request the answer the test plugs in.
 */
public abstract class StrictFake<S extends StrictFake<S>> implements AutoCloseable {

    /** A refusal that writes itself as the provider's error. */
    public interface ErrorReply {
        void send(HttpServerResponse resp);
    }

    private final FakeUpstream fake;

    protected StrictFake(FakeUpstream fake) {
        this.fake = fake;
    }

    /**
     * Whether {@code value} is base64, standard or URL-safe, padded or not: the form of the signatures Claude and
     * Gemini issue (both providers refuse a signature that is not).
     */
    static boolean base64(String value) {
        try {
            (value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why the provider would refuse this request; null for a valid request. */
    abstract ErrorReply check(HttpServerRequest req, Buffer body);

    public int port() {
        return fake.port();
    }

    public List<FakeUpstream.Received> received() {
        return fake.received();
    }

    public FakeUpstream.Received last() {
        return fake.last();
    }

    public JsonObject lastBody() {
        return new JsonObject(fake.last().body());
    }

    /** The answer to a valid request; an invalid one is refused before it gets here. */
    @SuppressWarnings("unchecked")
    public S answer(FakeUpstream.Behaviour answer) {
        fake.behave((req, body) -> {
            ErrorReply refusal = check(req, body);
            if (refusal != null) {
                refusal.send(req.response());
                return;
            }
            answer.respond(req, body);
        });
        return (S) this;
    }

    @Override
    public void close() throws Exception {
        fake.close();
    }
}
