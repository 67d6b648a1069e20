#!/usr/bin/env bash
# Adds the gateway as rows of the shared loopback benchmark (../shared/bench/run-peers.sh, beside this
# repository): plain, SSE, load-balanced and fallback, next to the mock directly, nginx and the Portkey gateway;
# and the plain row again with a client key whose limit is checked in a Redis server this script starts on a free
# loopback port and stops (redis-server must be installed).
# Usage: bench/run.sh            (extra knobs of run-peers.sh pass through the environment, e.g. DURATION=5s)
# The gateway listens on GATEWAY_PORT (8080) and GATEWAY_ADMIN_PORT (8081); with the harness's MOCK_PORT set, its
# targets point there instead of 18080. The gateway serves on as many event loops as nginx has workers
# (NGINX_WORKERS, 1 by default), or GATEWAY_EVENT_LOOPS (0: one per CPU).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

redis_port=""
for candidate in $(shuf -i 20000-40000 -n 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then redis_port=$candidate; break; fi
done
[[ -n $redis_port ]] || { echo "no free loopback port for redis-server" >&2; exit 1; }
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --loglevel warning &
redis_pid=$!
tmp="$(mktemp -d)"
trap 'kill "$redis_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$redis_port" ping >/dev/null || { echo "redis-server did not answer on $redis_port" >&2; exit 1; }

gateway_port="${GATEWAY_PORT:-8080}"
admin_port="${GATEWAY_ADMIN_PORT:-8081}"
gateway="http://127.0.0.1:$gateway_port"
config="$here/gateway.yaml"
if [[ ${MOCK_PORT:-18080} != 18080 ]]; then
  config="$tmp/gateway.yaml"
  sed "s#127.0.0.1:18080#127.0.0.1:$MOCK_PORT#g" "$here/gateway.yaml" >"$config"
fi

export GATEWAY_NAME=aigw
export GATEWAY_URL=$gateway/v1/chat/completions
export GATEWAY_READY_URL=http://127.0.0.1:$admin_port/readyz
export GATEWAY_HDR_FILE="$here/headers.txt"
export GATEWAY_STREAM=1
export GATEWAY_WARMUP="${GATEWAY_WARMUP:-15s}"
export GATEWAY_CMD="java -jar $repo/cli/target/aigw.jar run -f $config --port $gateway_port --admin-port $admin_port --event-loops ${GATEWAY_EVENT_LOOPS:-${NGINX_WORKERS:-1}} --redis redis://127.0.0.1:$redis_port"
export EXTRA_ROWS="aigw-loadbalance|$gateway/lb/v1/chat/completions|bodies/openai.json|$here/headers.txt;aigw-fallback|$gateway/fb/v1/chat/completions|bodies/openai.json|$here/headers.txt;aigw-anthropic|$gateway/anth/v1/chat/completions|bodies/openai.json|$here/headers.txt;aigw-anthropic-sse|$gateway/anth/v1/chat/completions|bodies/openai-stream.json|$here/headers.txt;aigw-key-redis|$gateway/v1/chat/completions|bodies/openai.json|$here/headers-limited.txt"
# Not exec: redis-server is stopped when the harness is done.
"$harness/run-peers.sh"
