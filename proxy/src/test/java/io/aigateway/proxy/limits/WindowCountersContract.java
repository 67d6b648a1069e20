package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Counter;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.aigateway.proxy.limits.WindowCounters.Room;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WindowCounters} store does, whichever it is: {@link LocalWindowCountersTest} and
 * {@link RedisWindowCountersIT} run these same tests.
 */
abstract class WindowCountersContract {

    /** The start of a fixed minute and of a UTC day and month, so that each test knows where the boundaries are. */
    protected final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected WindowCounters counters;

    /**
     * A store on {@link #clock} sharing its counts with every other one this test made: another replica for a
     * shared store; the local store has one per replica, so it gives the same one again.
     */
    protected abstract WindowCounters replica();

    @BeforeEach
    void openStore() {
        counters = replica();
    }

    static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Claim claim(String limit, String id, Window window, long max, long amount) {
        return new Claim(limit, new Counter("test", id, window), max, amount);
    }

    static Claim perMinute(long max, long amount) {
        return claim("requestsPerMinute", "k", Window.MINUTE, max, amount);
    }

    Outcome reserve(Claim... claims) {
        return result(counters.reserve(List.of(claims)));
    }

    Outcome take(long amount, long max) {
        return reserve(perMinute(max, amount));
    }

    long count(String id, Window window) {
        return result(counters.count(new Counter("test", id, window)));
    }

    static WindowCounters.Reservation reserved(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Reserved.class);
        return ((Outcome.Reserved) outcome).reservation();
    }

    static List<Room> room(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Reserved.class);
        return ((Outcome.Reserved) outcome).room();
    }

    static Outcome.Refused refused(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        return (Outcome.Refused) outcome;
    }

    @Test
    void shouldRefuseWhatWouldExceedTheLimitAndSayWhenItFits() {
        reserved(take(3, 5));
        reserved(take(2, 5));
        clock.advance(Duration.ofSeconds(15));

        // All 5 were counted in this minute: until the next minute, and just into it, when their share rounds to 4.
        assertThat(refused(take(1, 5)).retryAfter()).isEqualTo(Duration.ofMillis(45_001));
        assertThat(count("k", Window.MINUTE)).isEqualTo(5);
        clock.advance(Duration.ofMillis(45_000));
        refused(take(1, 5));
        clock.advance(Duration.ofMillis(1));
        reserved(take(1, 5));
    }

    @Test
    void shouldFreeALimitOfOnePerMinuteAboutAMinuteAfterItsRequest() {
        clock.advance(Duration.ofSeconds(1));
        reserved(take(1, 1));

        assertThat(refused(take(1, 1)).retryAfter()).isEqualTo(Duration.ofMillis(59_001));
        clock.advance(Duration.ofMillis(59_001));
        reserved(take(1, 1));
    }

    @Test
    void shouldLetThePreviousMinuteFadeAsTheWindowSlides() {
        for (int i = 0; i < 10; i++) {
            reserved(take(1, 10));
        }
        clock.advance(Duration.ofSeconds(60)); // the 10 are now the previous minute's, weighing fully
        refused(take(1, 10));

        clock.advance(Duration.ofSeconds(30)); // half of the previous minute still inside the window: 5
        assertThat(count("k", Window.MINUTE)).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            reserved(take(1, 10));
        }
        // 10 x 30/60 = 5 from the previous minute, 5 from this one; once its share rounds down to 4, one fits.
        assertThat(refused(take(1, 10)).retryAfter()).isEqualTo(Duration.ofMillis(1));

        clock.advance(Duration.ofMillis(1));
        reserved(take(1, 10));
    }

    @Test
    void shouldLetAtMostOneOverTheLimitThroughAroundAMinuteBoundary() {
        clock.advance(Duration.ofSeconds(59));
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += take(1, 10) instanceof Outcome.Reserved ? 1 : 0;
        }
        clock.advance(Duration.ofSeconds(2)); // a fixed window would start counting from zero here
        for (int i = 0; i < 20; i++) {
            taken += take(1, 10) instanceof Outcome.Reserved ? 1 : 0;
        }

        // A fixed window would let 20 through; the previous minute's share, rounded down, lets one more.
        assertThat(taken).isEqualTo(11);
    }

    @Test
    void shouldTakeARequestLargerThanTheLimitOnlyWhenNothingElseCounts() {
        reserved(take(50, 10));
        refused(take(1, 10));
    }

    @Test
    void shouldCountADayInTheUtcCalendarDayAndSayWhenItResets() {
        clock.advance(Duration.ofHours(23));
        Claim daily = claim("tokensPerDay", "t", Window.DAY, 1_000, 600);
        Room room = room(reserve(daily)).get(0);
        assertThat(room.remaining()).isEqualTo(400);
        assertThat(room.resetsIn()).isEqualTo(Duration.ofHours(1));

        Outcome.Refused refused = refused(reserve(daily));
        assertThat(refused.claim()).isEqualTo(daily);
        assertThat(refused.retryAfter()).as("until midnight UTC").isEqualTo(Duration.ofHours(1));

        clock.advance(Duration.ofHours(1)); // a new day: nothing of yesterday counts, unlike a sliding window
        assertThat(count("t", Window.DAY)).isZero();
        reserved(reserve(daily));
    }

    @Test
    void shouldCountAMonthInTheUtcCalendarMonth() {
        clock.advance(Duration.ofDays(30).plusHours(12)); // 2026-01-31T12:00Z
        Claim monthly = claim("tokensPerMonth", "t", Window.MONTH, 100, 100);
        reserved(reserve(monthly));
        assertThat(refused(reserve(monthly)).retryAfter()).isEqualTo(Duration.ofHours(12));

        clock.advance(Duration.ofHours(12).plusDays(14)); // 2026-02-15T00:00Z
        Room room = room(reserve(monthly)).get(0);
        assertThat(room.resetsIn()).as("February has 28 days in 2026").isEqualTo(Duration.ofDays(14));
    }

    @Test
    void shouldReserveAllClaimsOrNoneAndNameTheLimitThatFreesUpLast() {
        Claim requests = claim("requestsPerMinute", "r", Window.MINUTE, 2, 1);
        Claim tokens = claim("tokensPerMinute", "t", Window.MINUTE, 1_000, 800);
        Claim daily = claim("tokensPerDay", "t", Window.DAY, 1_500, 800);
        assertThat(room(reserve(requests, tokens, daily))).extracting(Room::remaining).containsExactly(1L, 200L, 700L);

        Outcome.Refused refused = refused(reserve(requests, tokens, daily));

        // Both token limits refuse; the day's frees up at midnight, long after the minute's.
        assertThat(refused.claim()).isEqualTo(daily);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(count("r", Window.MINUTE)).as("the request was not counted").isEqualTo(1);
        assertThat(count("t", Window.MINUTE)).isEqualTo(800);
        assertThat(count("t", Window.DAY)).isEqualTo(800);
    }

    @Test
    void shouldSettleAReservationToTheActualFiguresAndReleaseOneWhole() {
        Claim requests = claim("requestsPerMinute", "r", Window.MINUTE, 10, 1);
        Claim tokens = claim("tokensPerDay", "t", Window.DAY, 1_000, 900);
        WindowCounters.Reservation first = reserved(reserve(requests, tokens));
        refused(reserve(requests, claim("tokensPerDay", "t", Window.DAY, 1_000, 200)));

        result(counters.settle(first, c -> c == tokens ? 50 : c.amount()));
        assertThat(count("t", Window.DAY)).isEqualTo(50);
        assertThat(count("r", Window.MINUTE)).isEqualTo(1);

        WindowCounters.Reservation second = reserved(reserve(requests, tokens));
        result(counters.release(second));
        assertThat(count("t", Window.DAY)).isEqualTo(50);
        assertThat(count("r", Window.MINUTE)).isEqualTo(1);
    }

    @Test
    void shouldSettleInTheWindowTheReservationWasCountedIn() {
        Claim tokens = claim("tokensPerMinute", "t", Window.MINUTE, 2_000, 1_000);
        WindowCounters.Reservation reservation = reserved(reserve(tokens));
        clock.advance(Duration.ofSeconds(60));
        // Settled a minute later: it corrects the previous minute, which still weighs fully at this instant.
        result(counters.settle(reservation, c -> 200));
        assertThat(count("t", Window.MINUTE)).isEqualTo(200);

        clock.advance(Duration.ofSeconds(60));
        WindowCounters.Reservation late = reserved(reserve(tokens));
        clock.advance(Duration.ofSeconds(120));
        result(counters.settle(late, c -> 10_000));
        assertThat(count("t", Window.MINUTE)).as("a reservation no longer counted is left alone").isZero();
    }

    @Test
    void shouldAdmitExactlyTheLimitUnderConcurrentReserves() {
        WindowCounters other = replica();
        Claim one = perMinute(50, 1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            WindowCounters store = t % 2 == 0 ? counters : other;
            for (int i = 0; i < 50; i++) {
                Future<Outcome> outcome = store.reserve(List.of(one));
                synchronized (outcomes) {
                    outcomes.add(outcome);
                }
            }
        })).toList();
        threads.forEach(Thread::start);
        threads.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        long admitted = outcomes.stream().map(WindowCountersContract::result)
                .filter(o -> o instanceof Outcome.Reserved).count();
        assertThat(admitted).isEqualTo(50);
        assertThat(count("k", Window.MINUTE)).isEqualTo(50);
    }
}
