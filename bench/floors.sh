#!/usr/bin/env bash
# What two HTTP/1.1 hops cost in Java on this machine without a gateway: the harness's nginx row beside a bare Netty
# forwarder (bench/floors/NettyForwarder.java), a bare Vert.x one (bench/floors/VertxForwarder.java, the proxy's
# stack) and Vert.x's server in front of a bare Netty client (bench/floors/HybridForwarder.java), one harness run
# each, so each floor has nginx in its own run. Compare with run.sh's aigw row. Each forwarder gets as many event
# loops as nginx has workers and run.sh gives the gateway (NGINX_WORKERS, 1 by default; GATEWAY_EVENT_LOOPS sets another count, 1 or more).
# Usage: bench/floors.sh      (the harness's knobs pass through, e.g. DURATION=5s; FLOORS=netty, vertx or hybrid for
# one, or a comma-separated list)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
proxy_classpath "$work/classpath"  # Netty and Vert.x exactly as the proxy has them
javac -nowarn -cp "$(cat "$work/classpath")" -d "$work/classes" "$here"/floors/*.java 2>/dev/null

port="${GATEWAY_PORT:-8080}"
FLOORS="${FLOORS:-netty,vertx,hybrid}"
for f in ${FLOORS//,/ }; do
  case $f in
    netty) main=NettyForwarder ;;
    vertx) main=VertxForwarder ;;
    hybrid) main=HybridForwarder ;;
    *) echo "FLOORS lists netty, vertx and hybrid, not $f" >&2; exit 2 ;;
  esac
  GATEWAY_NAME="$f-floor" GATEWAY_URL="http://127.0.0.1:$port/v1/chat/completions" \
    GATEWAY_READY_URL="http://127.0.0.1:$port/v1/chat/completions" GATEWAY_HDR_FILE="$here/headers.txt" \
    GATEWAY_WARMUP="${GATEWAY_WARMUP:-15s}" SMOKE=0 ROWS="nginx,$f-floor" \
    GATEWAY_CMD="java -cp $work/classes:$(cat "$work/classpath") $main $port ${MOCK_PORT:-18080} ${GATEWAY_EVENT_LOOPS:-${NGINX_WORKERS:-1}}" \
    "$harness/run-peers.sh"
done
