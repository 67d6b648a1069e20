package io.aigateway.proxy.auth;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth access tokens for Vertex AI targets, from service account JSON keys, by Google's own auth library (it signs
 * the JWT assertion and exchanges it at the key's {@code token_uri}). One token per key, shared by every request and
 * event loop, refreshed ahead of its expiry: a token with less than {@link #REFRESH_AHEAD} left is still sent while
 * one refresh runs in the background; one with less than {@link #LAST_USE} left is not, and requests wait for that
 * refresh. The exchange is blocking HTTP, so it runs on a worker, at most one at a time per key; every request that
 * needs it waits on the same future. Neither keys nor tokens are ever logged or put in a message.
 */
public final class GoogleAccessTokens {

    /** What Vertex AI accepts; Google's libraries ask for the same. */
    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
    /** Google issues tokens for an hour and its libraries refresh a few minutes ahead, as here. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    /** Left on a token when it is no longer sent: a request must reach Google before it expires. */
    static final Duration LAST_USE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(GoogleAccessTokens.class);

    /** A token and when it expires by the gateway's clock. */
    record Token(String value, Instant expiry) {
        @Override
        public String toString() {
            return "Token[expiry=" + expiry + "]"; // never the value
        }
    }

    /** Gets a token for one key: blocking, run on a worker only. */
    @FunctionalInterface
    interface Exchange {
        /**
         * @return the token value and how long it lives from now
         * @throws AccessTokenException with a message safe to show: no key, no token
         */
        Map.Entry<String, Duration> fetch() throws AccessTokenException;
    }

    /** Makes the {@link Exchange} of a service account JSON key. */
    @FunctionalInterface
    interface Exchanges {
        Exchange of(String serviceAccountJson);
    }

    /** A token could not be had; the message names no key and no token. */
    public static final class AccessTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        AccessTokenException(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final Clock clock;
    private final Exchanges exchanges;
    /** By credentials entry name; replaced when the entry's key changes (a rotated Secret). */
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** @param clock when tokens expire and refreshes are due */
    public GoogleAccessTokens(Vertx vertx, Clock clock) {
        this(vertx, clock, GoogleAccessTokens::serviceAccount);
    }

    GoogleAccessTokens(Vertx vertx, Clock clock, Exchanges exchanges) {
        this.vertx = vertx;
        this.clock = clock;
        this.exchanges = exchanges;
    }

    /**
     * A token for the key held in credentials entry {@code entry}, completed on the caller's context; failed with an
     * {@link AccessTokenException} when it cannot be had.
     */
    public Future<String> token(String entry, String serviceAccountJson) {
        Account account = accounts.compute(entry, (name, known) -> known != null && known.json.equals(
                serviceAccountJson) ? known : new Account(serviceAccountJson));
        return account.token();
    }

    /**
     * Forgets {@code token} of the key in {@code entry} when it is still the one sent: Google refused it (revoked
     * before its expiry), so the next request waits for a new one instead of being refused until then.
     */
    public void rejected(String entry, String token) {
        Account account = accounts.get(entry);
        if (account != null) {
            account.rejected(token);
        }
    }

    /** One key's token and its refresh in flight. */
    private final class Account {
        private final String json;
        private final Exchange exchange;
        private Token current;
        private Future<Token> refreshing;

        Account(String json) {
            this.json = json;
            this.exchange = exchanges.of(json);
        }

        synchronized Future<String> token() {
            Instant now = clock.instant();
            if (current != null && now.isBefore(current.expiry().minus(REFRESH_AHEAD))) {
                return Future.succeededFuture(current.value());
            }
            Future<Token> refresh = refreshing != null ? refreshing : refresh();
            if (current != null && now.isBefore(current.expiry().minus(LAST_USE))) {
                return Future.succeededFuture(current.value()); // the refresh goes on in the background
            }
            // The refresh completes on the context that started it; this request goes on on its own.
            Context caller = vertx.getOrCreateContext();
            Promise<String> token = Promise.promise();
            refresh.onComplete(done -> caller.runOnContext(v -> token.handle(done.map(Token::value))));
            return token.future();
        }

        synchronized void rejected(String token) {
            if (current != null && current.value().equals(token)) {
                current = null;
            }
        }

        private Future<Token> refresh() {
            Instant asked = clock.instant();
            Future<Token> refresh = vertx.executeBlocking(() -> {
                Map.Entry<String, Duration> got = exchange.fetch();
                // Counted from before the exchange, by the gateway's clock: never later than Google's expiry.
                return new Token(got.getKey(), asked.plus(got.getValue()));
            }, false);
            refreshing = refresh;
            refresh.onComplete(done -> {
                synchronized (this) {
                    refreshing = null;
                    if (done.succeeded()) {
                        current = done.result();
                    } else {
                        LOG.warn("Vertex AI access token refresh failed: {}", done.cause().getMessage());
                    }
                }
            });
            return refresh;
        }
    }

    /** The exchange of a service account key, by Google's auth library. */
    private static Exchange serviceAccount(String json) {
        return () -> {
            ServiceAccountCredentials credentials;
            try {
                credentials = (ServiceAccountCredentials) ServiceAccountCredentials.fromStream(
                        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).createScoped(SCOPES);
            } catch (IOException | RuntimeException e) {
                throw new AccessTokenException("the service account key could not be read");
            }
            try {
                AccessToken token = credentials.refreshAccessToken();
                // The library dates expiry by the system clock; what matters here is how long the token lives.
                Duration lifetime = Duration.between(Instant.now(), token.getExpirationTime().toInstant());
                return Map.entry(token.getTokenValue(), lifetime);
            } catch (IOException | RuntimeException e) {
                int status = status(e);
                throw new AccessTokenException("the service account key could not be exchanged for an access token ("
                        + (status > 0 ? "token endpoint answered " + status
                                : "token endpoint unreachable, or its answer unreadable") + ")");
            }
        };
    }

    /** The token endpoint's HTTP status behind {@code e}, 0 when it did not answer. */
    private static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException http) {
                return http.getStatusCode();
            }
        }
        return 0;
    }
}
