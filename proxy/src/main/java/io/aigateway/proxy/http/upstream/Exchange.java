package io.aigateway.proxy.http.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;

/**
 * One request and its answer on a {@link Connection}. Events from the connection arrive on its event loop and are
 * handed to the sending context's handlers; while the answer is paused, its chunks and its end wait here.
 */
final class Exchange implements UpstreamRequest {

    private static final Object END = new Object();

    private final ContextInternal context;
    private final Connection connection;
    private final Promise<UpstreamResponse> answered;
    /** The headers sent; none before {@link #send}, made only if asked for then. */
    private MultiMap sent;
    private Answer answer;
    /** Ended, failed or reset: nothing more is delivered. */
    private boolean done;
    /** The whole answer came, and the connection went on without this exchange (its end may still be held). */
    private boolean received;
    private Throwable failure;

    Exchange(ContextInternal context, Connection connection) {
        this.context = context;
        this.connection = connection;
        this.answered = context.promise();
    }

    @Override
    public Future<UpstreamResponse> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        // Vert.x's own headers map (HttpHeaders.headers()) is Netty's too: sent as it is, any other one copied.
        HeadersMultiMap wire = headers instanceof HeadersMultiMap own ? own : copy(headers);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.valueOf(method.name()), uri, // Netty's, not Vert.x's
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body.getByteBuf()), wire,
                EmptyHttpHeaders.INSTANCE);
        if (!wire.contains(HttpHeaderNames.HOST)) {
            wire.set(HttpHeaderNames.HOST, connection.origin().hostHeader());
        }
        if (body != null && !wire.contains(HttpHeaderNames.CONTENT_LENGTH)
                && !wire.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            wire.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        }
        sent = wire;
        connection.carry(this);
        connection.channel().writeAndFlush(request).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                failed(written.cause());
                connection.channel().close();
            }
        });
        return answered.future();
    }

    private static HeadersMultiMap copy(MultiMap headers) {
        HeadersMultiMap copy = HeadersMultiMap.httpHeaders();
        copy.addAll(headers);
        return copy;
    }

    @Override
    public MultiMap headers() {
        if (sent == null) {
            sent = HttpHeaders.headers();
        }
        return sent;
    }

    @Override
    public boolean reset(long code, Throwable cause) {
        if (done) {
            return false;
        }
        fail(new StreamResetException(code, cause)); // asked to stop: a chunk not handed on yet never is
        if (!received) {
            // Unused, or half way through an exchange: it cannot carry another one.
            connection.channel().close();
        }
        return true;
    }

    // What the connection hands over, on its event loop

    void head(HttpResponse response) {
        answer = new Answer(response);
        context.emit(answer, answered::tryComplete);
    }

    void chunk(Buffer chunk) {
        if (!done && answer != null) {
            answer.chunk(chunk);
        }
    }

    /** The whole answer came: the connection no longer belongs to this exchange. */
    void received() {
        received = true;
    }

    /** The connection's read is over: what it brought is all there is for now. */
    void readComplete() {
        if (!done && answer != null) {
            answer.readComplete();
        }
    }

    void end() {
        if (!done && answer != null) {
            answer.end();
        }
    }

    void failed(Throwable cause) {
        readComplete(); // what came before what broke goes on first
        fail(cause);
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        failure = cause;
        if (answer == null) {
            context.emit(cause, answered::tryFail);
        } else {
            answer.failed(cause);
        }
    }

    /** The answer: its head, then its chunks and end as the handlers and the pause allow. */
    private final class Answer implements UpstreamResponse {
        private final HttpResponse head;
        private final MultiMap headers;
        private final ArrayDeque<Object> waiting = new ArrayDeque<>(0);
        private Handler<Buffer> dataHandler;
        private Handler<Void> endHandler;
        private Handler<Buffer> lastHandler;
        private Handler<Throwable> exceptionHandler;
        private boolean paused;
        /** With a {@link #lastHandler}: the latest chunk of the read under way, in case the end comes with it. */
        private Buffer held;

        Answer(HttpResponse head) {
            this.head = head;
            this.headers = new HeadersAdaptor(head.headers());
        }

        void chunk(Buffer chunk) {
            if (paused) {
                waiting.add(chunk);
            } else if (lastHandler != null) {
                Buffer before = held;
                held = chunk;
                deliver(before);
            } else {
                deliver(chunk);
            }
        }

        void readComplete() {
            Buffer chunk = held;
            held = null;
            deliver(chunk);
        }

        void end() {
            if (paused) {
                waiting.add(END);
                return;
            }
            done = true;
            Buffer last = held;
            held = null;
            if (lastHandler != null) {
                context.emit(last, lastHandler);
            } else if (endHandler != null) {
                context.emit(null, endHandler);
            }
        }

        void failed(Throwable cause) {
            waiting.clear();
            if (exceptionHandler != null) {
                context.emit(cause, exceptionHandler);
            }
        }

        private void deliver(Buffer chunk) {
            if (chunk != null && dataHandler != null) {
                context.emit(chunk, dataHandler);
            }
        }

        @Override
        public int statusCode() {
            return head.status().code();
        }

        @Override
        public String statusMessage() {
            return head.status().reasonPhrase();
        }

        @Override
        public MultiMap headers() {
            return headers;
        }

        @Override
        public UpstreamResponse handler(Handler<Buffer> handler) {
            dataHandler = handler;
            return this;
        }

        @Override
        public UpstreamResponse endHandler(Handler<Void> handler) {
            endHandler = handler;
            return this;
        }

        @Override
        public UpstreamResponse lastHandler(Handler<Buffer> handler) {
            lastHandler = handler;
            return this;
        }

        @Override
        public UpstreamResponse exceptionHandler(Handler<Throwable> handler) {
            exceptionHandler = handler;
            return this;
        }

        @Override
        public UpstreamResponse pause() {
            if (!paused) {
                paused = true;
                if (held != null) {
                    waiting.addFirst(held);
                    held = null;
                }
                connection.reading(Exchange.this, false);
            }
            return this;
        }

        @Override
        public UpstreamResponse resume() {
            if (paused) {
                paused = false;
                while (!paused && !waiting.isEmpty()) {
                    Object next = waiting.poll();
                    if (next == END) {
                        end();
                    } else {
                        chunk((Buffer) next);
                    }
                }
                if (!paused && !done) {
                    readComplete(); // no read may come to hand it on
                    connection.reading(Exchange.this, true);
                }
            }
            return this;
        }

        @Override
        public UpstreamRequest request() {
            return Exchange.this;
        }
    }
}
