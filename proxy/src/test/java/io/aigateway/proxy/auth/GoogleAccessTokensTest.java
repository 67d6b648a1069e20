package io.aigateway.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aigateway.proxy.auth.GoogleAccessTokens.AccessTokenException;
import io.aigateway.proxy.support.MovableClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token cache of Vertex AI targets, with a test clock and an exchange that counts its calls. */
class GoogleAccessTokensTest {

    private static final String KEY = "{\"type\":\"service_account\"}";

    private final Vertx vertx = Vertx.vertx();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final AtomicInteger exchanges = new AtomicInteger();
    private final List<String> keysExchanged = new CopyOnWriteArrayList<>();
    /** Released by a test that wants requests to wait on an exchange in flight; open by default. */
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile boolean refuse;
    private final GoogleAccessTokens tokens = new GoogleAccessTokens(vertx, clock, json -> () -> {
        keysExchanged.add(json);
        int n = exchanges.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (refuse) {
            throw new AccessTokenException("token endpoint answered 400");
        }
        return Map.entry("token-" + n, Duration.ofHours(1));
    });

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<String> onEventLoop(Context context, Supplier<Future<String>> call) {
        CompletableFuture<String> result = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(done -> {
            if (done.succeeded()) {
                result.complete(done.result());
            } else {
                result.completeExceptionally(done.cause());
            }
        }));
        return result;
    }

    private String token(String json) throws Exception {
        return onEventLoop(vertx.getOrCreateContext(), () -> tokens.token("u.vertex.serviceAccountKey", json))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldExchangeOnceForRequestsThatAskTogetherAndCompleteEachOnItsOwnEventLoop() throws Exception {
        release = new CountDownLatch(1);
        Context first = vertx.getOrCreateContext();
        Context second = vertx.getOrCreateContext();
        List<Thread> completedOn = new CopyOnWriteArrayList<>();
        List<Thread> askedOn = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> asked = List.of(first, second, first).stream()
                .map(context -> onEventLoop(context, () -> {
                    askedOn.add(Thread.currentThread());
                    return tokens.token("u.vertex.serviceAccountKey", KEY)
                            .onComplete(done -> completedOn.add(Thread.currentThread()));
                }))
                .toList();

        while (askedOn.size() < 3) {
            Thread.onSpinWait();
        }
        release.countDown();

        for (CompletableFuture<String> token : asked) {
            assertThat(token.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
        }
        assertThat(exchanges).hasValue(1);
        assertThat(completedOn).containsExactlyInAnyOrderElementsOf(askedOn);
    }

    @Test
    void shouldKeepTheTokenUntilFiveMinutesBeforeItExpires() throws Exception {
        assertThat(token(KEY)).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(54));

        assertThat(token(KEY)).isEqualTo("token-1");
        assertThat(exchanges).hasValue(1);
    }

    @Test
    void shouldSendTheTokenItHasWhileOneRefreshRunsAheadOfExpiry() throws Exception {
        token(KEY);
        clock.advance(Duration.ofMinutes(56));
        release = new CountDownLatch(1);

        assertThat(token(KEY)).isEqualTo("token-1"); // the refresh waits on the latch
        assertThat(token(KEY)).isEqualTo("token-1");
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> token(KEY).equals("token-2"));
        assertThat(exchanges).hasValue(2);
    }

    @Test
    void shouldWaitForANewTokenInTheLastMinuteAndAfterExpiry() throws Exception {
        token(KEY);
        clock.advance(Duration.ofMinutes(59).plusSeconds(1));

        assertThat(token(KEY)).isEqualTo("token-2");

        clock.advance(Duration.ofHours(2));
        assertThat(token(KEY)).isEqualTo("token-3");
    }

    @Test
    void shouldFailEveryWaitingRequestWhenTheExchangeFailsAndTryAgainOnTheNext() throws Exception {
        refuse = true;

        assertThatThrownBy(() -> token(KEY)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AccessTokenException.class).hasMessage("token endpoint answered 400");
        refuse = false;

        assertThat(token(KEY)).isEqualTo("token-2");
    }

    @Test
    void shouldForgetATokenGoogleRefusedButNotTheOneThatReplacedIt() throws Exception {
        token(KEY);
        tokens.rejected("u.vertex.serviceAccountKey", "token-1");

        assertThat(token(KEY)).isEqualTo("token-2");
        tokens.rejected("u.vertex.serviceAccountKey", "token-1"); // a late 401 for the old token
        assertThat(token(KEY)).isEqualTo("token-2");
        assertThat(exchanges).hasValue(2);
    }

    @Test
    void shouldExchangeTheNewKeyWhenTheSecretIsRotated() throws Exception {
        token(KEY);
        String rotated = "{\"type\":\"service_account\",\"private_key_id\":\"2\"}";

        assertThat(token(rotated)).isEqualTo("token-2");
        assertThat(keysExchanged).containsExactly(KEY, rotated);
    }

    @Test
    void shouldSayAKeyThatIsNotOneCannotBeReadWithoutQuotingIt() {
        GoogleAccessTokens google = new GoogleAccessTokens(vertx, clock);
        String notAKey = "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"private_key\":\"secret-bits\"}";

        assertThatThrownBy(() -> onEventLoop(vertx.getOrCreateContext(), () -> google.token("e", notAKey))
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(AccessTokenException.class)
                .hasMessage("the service account key could not be read");
    }
}
