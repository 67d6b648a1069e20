package io.aigateway.proxy.http.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import io.vertx.core.http.HttpClosedException;

/**
 * One connection to an origin and the exchange it carries, one at a time: decoded answer parts go to the exchange,
 * and the connection goes back to its client's idle stack once an answer ended on a connection both sides keep.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    private final UpstreamClient client;
    private final UpstreamClient.Origin origin;
    private final Channel channel;
    private Exchange exchange;
    /** Inside an informational (1xx) answer, skipped up to its end. */
    private boolean informational;
    private boolean keepAlive;
    private long idleSince;

    Connection(UpstreamClient client, UpstreamClient.Origin origin, Channel channel) {
        this.client = client;
        this.origin = origin;
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    UpstreamClient.Origin origin() {
        return origin;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    /** The exchange this connection carries from now on. */
    void carry(Exchange exchange) {
        this.exchange = exchange;
        keepAlive = true;
        channel.config().setAutoRead(true); // the last exchange may have left it paused with its end unread
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Exchange current = exchange;
            if (current == null) {
                channel.close(); // nothing was asked: what the target sent on its own is dropped with its connection
                return;
            }
            if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                exchange = null;
                current.failed(object.decoderResult().cause());
                channel.close();
                return;
            }
            if (msg instanceof HttpResponse head) {
                HttpResponseStatus status = head.status();
                informational = status.codeClass() == HttpStatusClass.INFORMATIONAL
                        && status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                if (!informational) {
                    keepAlive = HttpUtil.isKeepAlive(head);
                    current.head(head);
                }
            }
            if (msg instanceof HttpContent content) {
                if (informational) {
                    informational = !(msg instanceof LastHttpContent);
                    return;
                }
                if (content.content().isReadable()) {
                    // out of Netty's pooled buffer, which is released below, in one copy to a heap buffer of
                    // Vert.x's kind, as Vert.x's own client hands a chunk over
                    current.chunk(Buffer.buffer(VertxByteBufAllocator.DEFAULT
                            .heapBuffer(content.content().readableBytes()).writeBytes(content.content())));
                }
                if (msg instanceof LastHttpContent) {
                    exchange = null;
                    current.received();
                    if (keepAlive && channel.isActive()) {
                        client.released(this);
                    } else {
                        channel.close();
                    }
                    current.end();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.failed(new HttpClosedException("the target closed the connection"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange current = exchange;
        exchange = null;
        ctx.close();
        if (current != null) {
            current.failed(cause);
        }
    }

    /** Reading paused or resumed for the exchange's client; not once the connection carries another one. */
    void reading(Exchange who, boolean on) {
        if (exchange != who) {
            return;
        }
        channel.config().setAutoRead(on);
        if (on) {
            channel.read();
        }
    }
}
