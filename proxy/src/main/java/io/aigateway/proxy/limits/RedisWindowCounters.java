package io.aigateway.proxy.limits;

import io.aigateway.model.RateLimitStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WindowCounters} shared by every replica of a gateway, in Redis: one Lua script answers each reserve,
 * settle and count in one round trip (EVALSHA; after a Redis restart lost the script, EVAL once), which the calls an
 * event loop makes in one turn share. Keys are
 * {@code aigw:{gateway}:scope:hashed id:window}; the braces make every key of a gateway one Redis Cluster hash slot,
 * so that a script may touch several. Each key expires once no window count reads it, so nothing leaks.
 *
 * <p>Reservations sit in a hash field per replica beside the settled count, and count only while the replica's
 * lease key lives: a replica renews it every {@code lease / 5} (and with every reserve), so a replica that crashed
 * between reserve and settle leaves its reservations for at most one {@code lease}.
 *
 * <p>Every call has the settings' timeout. A failed or late call marks the store unavailable: from then on, until
 * the next lease renewal succeeds, requests do not wait on Redis at all but are counted by the local store
 * (fail mode {@code open}) or answered {@link Outcome.Unavailable} (fail mode {@code closed}); settles go wherever
 * their reserve went.
 */
public final class RedisWindowCounters implements WindowCounters, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWindowCounters.class);
    private static final String SCRIPT = loadScript();
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final Vertx vertx;
    private final Redis redis;
    private final RedisStoreSettings settings;
    private final String prefix;
    private final String replica = UUID.randomUUID().toString();
    private final Clock clock;
    private final LocalWindowCounters fallback;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long renewTimer;
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
    /** Each counter's key but its window, hashed once rather than on every call; pruned with the counters. */
    private final Map<Counter, String> keyPrefixes = new ConcurrentHashMap<>();
    /** Made once: a lambda capturing this store, made on every call, would be an allocation a call. */
    private final Function<Counter, String> keyPrefix;

    /**
     * Connects lazily and starts renewing this replica's lease at once. The store counts as available until a call
     * fails.
     *
     * @param gateway the gateway whose replicas share the counts
     */
    public RedisWindowCounters(Vertx vertx, RedisStoreSettings settings, String gateway, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.prefix = "aigw:{" + gateway + "}:";
        this.keyPrefix = c -> prefix + c.scope() + ":" + hashed(c.id()) + ":";
        this.clock = clock;
        this.fallback = new LocalWindowCounters(clock);
        this.redis = Redis.createClient(vertx, options(settings));
        long every = Math.max(100, settings.lease().toMillis() / 5);
        this.renewTimer = vertx.setPeriodic(1, every, id -> renewLease());
    }

    private static RedisOptions options(RedisStoreSettings s) {
        URI address = URI.create(s.address());
        int port = address.getPort() < 0 ? 6379 : address.getPort();
        // The client takes an ACL user only from the connection string, with its password beside it; a password
        // alone goes apart. Neither ever reaches a log line: ours name the address the settings carry.
        String credentials = s.user() == null ? "" : encoded(s.user()) + ":" + encoded(s.password()) + "@";
        RedisOptions options = new RedisOptions()
                .setConnectionString(address.getScheme() + "://" + credentials + address.getHost() + ":" + port + "/"
                        + s.database())
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(4096)
                .setNetClientOptions(new NetClientOptions().setSsl(s.tls())
                        .setConnectTimeout((int) Math.max(1, s.timeout().toMillis())));
        if (s.user() == null && s.password() != null) {
            options.setPassword(s.password());
        }
        return options;
    }

    private static String encoded(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether Redis answered the last call: false while requests are counted locally or refused. */
    public boolean available() {
        return available.get();
    }

    /** Calls to Redis that failed or timed out since start. */
    public long errors() {
        return errors.get();
    }

    @Override
    public Future<Outcome> reserve(List<Claim> claims) {
        if (!available.get()) {
            return degraded(claims);
        }
        long now = clock.millis();
        int n = claims.size();
        long[] windows = new long[n];
        List<Object> args = script(claims, "reserve", now, windows);
        for (Claim c : claims) {
            Window w = c.counter().window();
            args.addAll(List.of(w.sliding() ? 1 : 0, c.amount(), c.max(), now - w.start(w.number(now)),
                    w.keep(now).toMillis()));
        }
        // The script decided with the same arithmetic on the same counts (Window.count); here the counts say which
        // claim refused, how long until it fits, and what is left.
        return evaluate(args).map(answer -> {
            long[] previous = new long[n];
            long[] current = new long[n];
            for (int i = 0; i < n; i++) {
                previous[i] = answer.get(1 + 2 * i).toLong();
                current[i] = answer.get(2 + 2 * i).toLong();
            }
            return WindowCounters.decide(claims, previous, current, now, new Reservation(this, claims, windows));
        }).recover(failed -> degraded(claims));
    }

    private Future<Outcome> degraded(List<Claim> claims) {
        return settings.failMode() == RateLimitStore.FailMode.OPEN ? fallback.reserve(claims)
                : Future.succeededFuture(new Outcome.Unavailable());
    }

    @Override
    public Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual) {
        if (reservation.store != this) {
            return fallback.settle(reservation, actual);
        }
        List<Object> args = new ArrayList<>();
        args.add(2 * reservation.claims.size());
        for (int i = 0; i < reservation.claims.size(); i++) {
            String key = key(reservation.claims.get(i).counter(), reservation.windows[i]);
            args.addAll(List.of(key, key));
        }
        args.addAll(List.of("settle", replica, prefix + "lease:", settings.lease().toMillis()));
        for (Claim c : reservation.claims) {
            args.addAll(List.of(c.amount(), actual.applyAsLong(c)));
        }
        // Lost when Redis is down: the reservation then expires with this replica's lease or its window.
        return evaluate(args).mapEmpty();
    }

    @Override
    public Future<Long> count(Counter counter) {
        if (!available.get()) {
            return fallback.count(counter);
        }
        long now = clock.millis();
        List<Claim> one = List.of(new Claim("count", counter, Long.MAX_VALUE, 0));
        List<Object> args = script(one, "count", now, new long[1]);
        Window w = counter.window();
        args.addAll(List.of(w.sliding() ? 1 : 0, 0, Long.MAX_VALUE, now - w.start(w.number(now)), 0));
        return evaluate(args).map(answer -> w.count(answer.get(1).toLong(), answer.get(2).toLong(), now))
                .recover(failed -> fallback.count(counter));
    }

    /** Counters in Redis expire by themselves; the local fallback forgets as the local store does. */
    @Override
    public void retainOnly(Predicate<Counter> keep) {
        keyPrefixes.keySet().removeIf(keep.negate());
        fallback.retainOnly(keep);
    }

    /** Stops renewing the lease (its reservations then expire) and closes the connections; once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            vertx.cancelTimer(renewTimer);
            redis.close();
        }
    }

    /**
     * The script's arguments for {@code op} over the claims' windows at {@code now} (the key count, the keys, the
     * common arguments), noting the windows in {@code windows}; the per-claim arguments follow.
     */
    private List<Object> script(List<Claim> claims, String op, long now, long[] windows) {
        List<Object> args = new ArrayList<>();
        args.add(2 * claims.size());
        for (int i = 0; i < claims.size(); i++) {
            Counter counter = claims.get(i).counter();
            windows[i] = counter.window().number(now);
            args.add(key(counter, windows[i]));
            args.add(key(counter, windows[i] - (counter.window().sliding() ? 1 : 0)));
        }
        args.addAll(List.of(op, replica, prefix + "lease:", settings.lease().toMillis()));
        return args;
    }

    /** {@code aigw:{gateway}:scope:hashed id:window}: ids (target names, client key ids) are hashed, and bounded. */
    private String key(Counter counter, long window) {
        return keyPrefixes.computeIfAbsent(counter, keyPrefix) + counter.window().label(window);
    }

    private static String hashed(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void renewLease() {
        timed(Request.cmd(Command.SET).arg(prefix + "lease:" + replica).arg("1").arg("PX")
                .arg(settings.lease().toMillis()))
                .onSuccess(ok -> {
                    if (available.compareAndSet(false, true)) {
                        LOG.info("Rate-limit store {} available", settings.address());
                    }
                });
    }

    /**
     * Runs the script with {@code args}: by its digest, or, when Redis no longer has it (restarted), whole once,
     * which loads it again.
     */
    private Future<Response> evaluate(List<Object> args) {
        return timed(batched(request(Command.EVALSHA, SCRIPT_SHA, args)).recover(e ->
                String.valueOf(e.getMessage()).contains("NOSCRIPT")
                        ? redis.send(request(Command.EVAL, SCRIPT, args))
                        : Future.failedFuture(e)));
    }

    /**
     * Sends {@code request} with the other script calls its event loop makes in the same turn, in one write once the
     * turn ends: under load several requests reach their reserve or settle in one turn, and a write and a read
     * each, with the wake-ups they cost on both sides, are most of what a call costs. Off an event loop, alone.
     */
    private Future<Response> batched(Request request) {
        ContextInternal context = ContextInternal.current();
        if (context == null || !context.isEventLoopContext()) {
            return redis.send(request);
        }
        Batch batch = batches.get();
        Promise<Response> answer = context.promise();
        if (batch.add(request, answer)) {
            context.nettyEventLoop().execute(batch::send);
        }
        return answer.future();
    }

    /** The script calls of one event loop's turn. */
    private final class Batch {
        private List<Request> requests = new ArrayList<>();
        private List<Promise<Response>> answers = new ArrayList<>();

        /** True for the turn's first call, which schedules the send. */
        boolean add(Request request, Promise<Response> answer) {
            requests.add(request);
            answers.add(answer);
            return requests.size() == 1;
        }

        /**
         * One write for the turn's calls. The client answers a batch only when every call succeeded; otherwise each
         * call fails with what failed, as when the connection is lost. A script Redis lost (a restart) fails every
         * call of the batch alike, and each is then sent again whole ({@link #evaluate}); only a {@code SCRIPT FLUSH}
         * run while Redis was executing a batch could have the calls it ran before the flush counted twice, until
         * their window expires.
         */
        void send() {
            List<Request> sent = requests;
            List<Promise<Response>> waiting = answers;
            requests = new ArrayList<>();
            answers = new ArrayList<>();
            if (sent.size() == 1) {
                redis.send(sent.get(0)).onComplete(waiting.get(0));
                return;
            }
            redis.batch(sent).onComplete(ar -> {
                for (int i = 0; i < waiting.size(); i++) {
                    if (ar.succeeded()) {
                        waiting.get(i).tryComplete(ar.result().get(i));
                    } else {
                        waiting.get(i).tryFail(ar.cause());
                    }
                }
            });
        }
    }

    private static Request request(Command command, String script, List<Object> args) {
        Request request = Request.cmd(command).arg(script);
        args.forEach(a -> request.arg(a.toString()));
        return request;
    }

    private Future<Response> timed(Request request) {
        return timed(redis.send(request));
    }

    /** {@code sent}, failed after the settings' timeout; a failure marks the store unavailable. */
    private Future<Response> timed(Future<Response> sent) {
        Promise<Response> answer = Promise.promise();
        long timer = vertx.setTimer(settings.timeout().toMillis(),
                id -> answer.tryFail(new TimeoutException("no answer within " + settings.timeout())));
        sent.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                answer.tryComplete(ar.result());
            } else {
                answer.tryFail(ar.cause());
            }
        });
        return answer.future().onFailure(this::failed);
    }

    private void failed(Throwable e) {
        errors.incrementAndGet();
        if (available.compareAndSet(true, false)) {
            LOG.warn("Rate-limit store {} unavailable ({}); until it answers again requests are {}",
                    settings.address(), describe(e),
                    settings.failMode() == RateLimitStore.FailMode.OPEN ? "counted by this replica alone"
                            : "refused");
        }
    }

    /** What went wrong, in words that never carry the password. */
    private String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return settings.password() == null || settings.password().isEmpty() ? text
                : text.replace(settings.password(), "***");
    }

    private static String loadScript() {
        try (InputStream in = RedisWindowCounters.class.getResourceAsStream("window-counters.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
