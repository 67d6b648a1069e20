#!/usr/bin/env bash
# Opt-in load scenarios beside bench/run.sh's rows, on their own loopback ports (so they can run while the
# standard rows use theirs), each row bounded to two minutes (see README.md):
#   slow-streams  SLOW_STREAMS (10,000) streams at once from a provider that sends one event every 100 ms for 10 s,
#                 held by bench/sseload (Go): errors, time to the first event, the proxy's peak RSS
#   latency-1000  a provider that answers after 50 ms, wrk -c1000 against the mock, nginx and the gateway
#                 (run.sh's rows with other ports), p50/p99 against the mock's floor
#   latency-paced the same provider and 1,000 connections at fixed rates (PACED_RATES) by bench/paceload, so the
#                 offered load stays below what 2 cores carry: the gateway's p99 against the mock's, rate by rate
# Usage: bench/scenarios.sh                        (all three)
#        SCENARIOS=slow-streams bench/scenarios.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

SCENARIOS="${SCENARIOS:-slow-streams,latency-1000,latency-paced}"
SCEN_MOCK_PORT="${SCEN_MOCK_PORT:-28090}"
SCEN_NGINX_PORT="${SCEN_NGINX_PORT:-28091}"
SCEN_PORTKEY_PORT="${SCEN_PORTKEY_PORT:-28787}"   # run-peers.sh checks it is free; Portkey is not started
SCEN_GATEWAY_PORT="${SCEN_GATEWAY_PORT:-28080}"
SCEN_ADMIN_PORT="${SCEN_ADMIN_PORT:-28081}"
SLOW_STREAMS="${SLOW_STREAMS:-10000}"
SLOW_RAMP="${SLOW_RAMP:-5s}"                        # the streams start evenly over this time
SLOW_CHUNKS="${SLOW_CHUNKS:-100}"                   # content events per stream (plus a role and a finish event)
SLOW_DELAY="${SLOW_DELAY:-100ms}"                   # between two events: 2s holds the streams with little CPU
SLOW_ROWS="${SLOW_ROWS:-mock-slow,aigw-slow,aigw-anthropic-slow}"
SLOW_PROBE_AFTER="${SLOW_PROBE_AFTER:-}"            # seconds into a gateway row: its class histogram and NMT
PACED_RATES="${PACED_RATES:-2000,5000,10000}"     # requests a second over the 1,000 connections, one row each
PACED_DURATION="${PACED_DURATION:-20s}"
RESULTS="${RESULTS:-${TMPDIR:-/tmp}/aigw-bench/scenarios}"
mkdir -p "$RESULTS"

# Every stream holds a socket in the client, and two in a proxy (its client's and its upstream's), besides the
# JVM's own ~200 files: where the hard limit cannot be raised (no CAP_SYS_RESOURCE), fewer streams fit.
ulimit -n "$(ulimit -Hn)"
if ((2 * SLOW_STREAMS + 200 > $(ulimit -n))); then
  SLOW_STREAMS=$((($(ulimit -n) - 200) / 2))
  echo "[scenarios] open-file limit $(ulimit -n): $SLOW_STREAMS streams, not more" >&2
fi

wanted() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
log() { printf '[scenarios] %s\n' "$*" >&2; }

pids=()
stop_all() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT

# Starts the gateway of $1/gateway.yaml on the scenario ports and sets $gw to its PID. GATEWAY_PROCESS=proxy (the
# default) runs the proxy's own classes as its image does (bench/fileproxy, from the files of `aigw compile`);
# GATEWAY_PROCESS=aigw runs `aigw run`, which loads the CLI's compiler besides (about 30 MiB more resident memory).
# GATEWAY_JAVA_OPTS passes JVM flags (e.g. "-XX:+UseSerialGC -Xmx176m": the JVM's defaults on a large machine let
# the heap grow to a quarter of its memory); GATEWAY_EVENT_LOOPS the proxy's event loops (0, the default: one per
# CPU, as a pod with the default resources gets 2).
start_gateway() {
  local run=$1
  case ${GATEWAY_PROCESS:-proxy} in
    proxy)
      local cp="$run/proxy.classpath" proxy_jar
      proxy_jar=$(ls "$repo"/proxy/target/aigateway-proxy-*.jar | grep -v -- -tests.jar)
      proxy_classpath "$cp"
      mkdir -p "$run/fileproxy" "$run/config"
      javac -cp "$proxy_jar:$(cat "$cp")" -d "$run/fileproxy" "$here/fileproxy/FileProxy.java"
      java -jar "$repo/cli/target/aigw.jar" compile -f "$run/gateway.yaml" >"$run/compiled.yaml"
      # routing.json and one file per credential, as the proxy's FileConfigSource reads a mounted Secret.
      python3 - "$run/compiled.yaml" "$run/config" <<'PY'
import base64, os, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
os.makedirs(os.path.join(sys.argv[2], "credentials"), exist_ok=True)
for d in docs:
    if d["kind"] == "ConfigMap":
        open(os.path.join(sys.argv[2], "routing.json"), "w").write(d["data"]["routing.json"])
    elif d["kind"] == "Secret":
        for name, value in (d.get("data") or {}).items():
            open(os.path.join(sys.argv[2], "credentials", name), "wb").write(base64.b64decode(value))
PY
      # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
      java ${GATEWAY_JAVA_OPTS:-} -cp "$run/fileproxy:$proxy_jar:$(cat "$cp")" FileProxy "$run/config/routing.json" \
        "$run/config/credentials" "$SCEN_GATEWAY_PORT" "$SCEN_ADMIN_PORT" "${GATEWAY_EVENT_LOOPS:-0}" \
        >"$run/gateway.log" 2>&1 &
      ;;
    aigw)
      # shellcheck disable=SC2086
      java ${GATEWAY_JAVA_OPTS:-} -jar "$repo/cli/target/aigw.jar" run -f "$run/gateway.yaml" \
        --port "$SCEN_GATEWAY_PORT" --admin-port "$SCEN_ADMIN_PORT" --event-loops "${GATEWAY_EVENT_LOOPS:-0}" \
        >"$run/gateway.log" 2>&1 &
      ;;
    *) log "GATEWAY_PROCESS is proxy or aigw, not ${GATEWAY_PROCESS}"; exit 2 ;;
  esac
  gw=$!
  pids+=("$gw")
}

# Starts the provider (the command after $1, its output in $1/mock.log) and the gateway of bench/gateway.yaml with
# its targets on the scenario's mock port, sets $mock and $gw to their PIDs, and waits until both answer.
serve() {
  local run=$1
  shift
  sed "s#127.0.0.1:18080#127.0.0.1:$SCEN_MOCK_PORT#g" "$here/gateway.yaml" >"$run/gateway.yaml"
  "$@" >"$run/mock.log" 2>&1 &
  mock=$!
  pids+=("$mock")
  start_gateway "$run"
  wait_http "http://127.0.0.1:$SCEN_MOCK_PORT/health"
  wait_http "http://127.0.0.1:$SCEN_ADMIN_PORT/readyz"
}

cpu_ticks() {  # PID: its user and system time, in clock ticks (fields 14 and 15 of /proc/PID/stat)
  local f
  read -ra f <<<"$(sed 's/^.*) //' "/proc/$1/stat")"
  echo $((f[11] + f[12]))
}

wait_http() {  # URL: polled until it answers, up to 60 s
  local _
  for _ in $(seq 600); do curl -sf -o /dev/null -m 1 "$1" && return 0; sleep 0.1; done
  log "no answer from $1"; return 1
}

slow_streams() {
  local run="$RESULTS/slow-streams" sseload slowmock
  mkdir -p "$run"
  sseload="$run/sseload" slowmock="$run/slowmock"
  (cd "$here/sseload" && go build -o "$sseload" main.go)
  (cd "$here/slowmock" && go build -o "$slowmock" main.go)
  # Not the harness's mock-upstream.js (MOCK_CHUNKS=100 MOCK_CHUNK_DELAY_MS=100): one Node process cannot send
  # 100,000 events a second, and its accept backlog of 511 resets connections while 2,000 a second arrive.
  local mock gw
  serve "$run" "$slowmock" -listen "127.0.0.1:$SCEN_MOCK_PORT" -chunks "$SLOW_CHUNKS" -delay "$SLOW_DELAY"

  local gateway="http://127.0.0.1:$SCEN_GATEWAY_PORT" stream_body="$harness/bodies/openai-stream.json" route
  # Each gateway row's own route: a route first served during its row has the JIT compile its code then, and
  # the compilers' arenas (about 20 MiB for the translated route) count in that row's peak RSS.
  for route in $([[ ",$SLOW_ROWS," == *",aigw-slow,"* ]] && echo v1) \
      $([[ ",$SLOW_ROWS," == *",aigw-anthropic-slow,"* ]] && echo anth/v1); do
    log "warm-up: 1,000 slow streams on /$route"
    timeout 60 "$sseload" -url "$gateway/$route/chat/completions" -body "$stream_body" -headers "$here/headers.txt" \
      -streams 1000 -ramp 1s >/dev/null || true
  done
  sleep 2  # the warm-up's sockets closed, and what the JIT's compilers freed given back (with the trim flag)

  # The gateway's RSS, its live heap by class (a full GC first) and, under -XX:NativeMemoryTracking=summary, its
  # native memory, into $run/NAME.rss, .histogram and .nmt.
  probe() {
    grep VmRSS "/proc/$gw/status" >"$run/$1.rss" || true
    jcmd "$gw" GC.class_histogram >"$run/$1.histogram" 2>&1 || true
    jcmd "$gw" VM.native_memory summary >"$run/$1.nmt" 2>&1 || true
  }
  if [[ -n $SLOW_PROBE_AFTER ]]; then
    probe idle  # after the warm-up, with no stream in flight: what a row's probe is less
  fi
  local row url hdr pid table="$run/summary.txt"
  echo "# $(date -u +%FT%TZ) $(nproc) cores; $SLOW_STREAMS streams started over $SLOW_RAMP, $((SLOW_CHUNKS + 2)) events $SLOW_DELAY apart (bench/slowmock); gateway ${GATEWAY_PROCESS:-proxy}, JVM flags: ${GATEWAY_JAVA_OPTS:-none}, event loops: ${GATEWAY_EVENT_LOOPS:-0 (one per CPU)}; load average $(cut -d" " -f1-3 /proc/loadavg)" >"$table"
  for row in ${SLOW_ROWS//,/ }; do
    case $row in
      mock-slow) url="http://127.0.0.1:$SCEN_MOCK_PORT/v1/chat/completions"; hdr=""; pid=$mock ;;
      aigw-slow) url="$gateway/v1/chat/completions"; hdr="$here/headers.txt"; pid=$gw ;;
      aigw-anthropic-slow) url="$gateway/anth/v1/chat/completions"; hdr="$here/headers.txt"; pid=$gw ;;
      *) log "unknown row $row"; continue ;;
    esac
    log "$row: $SLOW_STREAMS streams"
    if [[ -n $SLOW_PROBE_AFTER && $pid == "$gw" ]]; then
      (sleep "$SLOW_PROBE_AFTER"; probe "$row") &  # with the streams in flight
    fi
    timeout 120 "$sseload" -url "$url" -body "$stream_body" ${hdr:+-headers "$hdr"} -streams "$SLOW_STREAMS" \
      -ramp "$SLOW_RAMP" -timeout 100s -pid "$pid" >"$run/$row.txt" 2>&1 || true
    echo "$row $(grep '^ERROR' "$run/$row.txt" | tr '\n' ' ')$(grep '^RESULT' "$run/$row.txt" | cut -d' ' -f2- || echo FAIL)" \
      | tee -a "$table"
    sleep 2  # let the closed connections' sockets go
  done
  stop_all
}

latency_1000() {
  log "latency-1000: MOCK_LATENCY_MS=50, wrk -c1000, rows mock, nginx, aigw, aigw-anthropic"
  MOCK_PORT=$SCEN_MOCK_PORT NGINX_PORT=$SCEN_NGINX_PORT PORTKEY_PORT=$SCEN_PORTKEY_PORT \
    GATEWAY_PORT=$SCEN_GATEWAY_PORT GATEWAY_ADMIN_PORT=$SCEN_ADMIN_PORT \
    GATEWAY_WARMUP="${GATEWAY_WARMUP:-30s}" MOCK_LATENCY_MS=50 CONNS=1000 WRK_TIMEOUT=10s SMOKE=0 ROWS="${LATENCY_ROWS:-mock,nginx,aigw,aigw-anthropic}" \
    RUN_DIR="$RESULTS/latency-1000/run" RESULTS_DIR="$RESULTS/latency-1000" timeout 600 "$here/run.sh"
}

latency_paced() {
  local run="$RESULTS/latency-paced" paceload
  mkdir -p "$run"
  paceload="$run/paceload"
  (cd "$here/paceload" && go build -o "$paceload" main.go)
  local mock gw
  serve "$run" env MOCK_PORT="$SCEN_MOCK_PORT" MOCK_LATENCY_MS=50 node "$harness/mock-upstream.js"

  local gateway="http://127.0.0.1:$SCEN_GATEWAY_PORT" body="$harness/bodies/openai.json" rate row url hdr
  local table="$run/summary.txt" ticks requests cpu
  log "warm-up: ${PACED_WARMUP:-30s} at the highest rate, both gateway routes"
  local top="${PACED_RATES##*,}"
  for url in "$gateway/v1/chat/completions" "$gateway/anth/v1/chat/completions"; do
    "$paceload" -url "$url" -body "$body" -headers "$here/headers.txt" -conns 1000 -rate "$top" \
      -duration "${PACED_WARMUP:-30s}" >/dev/null || true
  done
  echo "# $(date -u +%FT%TZ) $(nproc) cores; 1,000 connections, provider latency 50 ms, $PACED_DURATION a row; gateway ${GATEWAY_PROCESS:-proxy}, JVM flags: ${GATEWAY_JAVA_OPTS:-none}, event loops: ${GATEWAY_EVENT_LOOPS:-0 (one per CPU)}; load average $(cut -d" " -f1-3 /proc/loadavg)" >"$table"
  for rate in ${PACED_RATES//,/ }; do
    for row in mock aigw aigw-anthropic; do
      case $row in
        mock) url="http://127.0.0.1:$SCEN_MOCK_PORT/v1/chat/completions"; hdr="" ;;
        aigw) url="$gateway/v1/chat/completions"; hdr="$here/headers.txt" ;;
        aigw-anthropic) url="$gateway/anth/v1/chat/completions"; hdr="$here/headers.txt" ;;
      esac
      log "$row at $rate/s"
      ticks=$(cpu_ticks "$gw") cpu="-"
      timeout 120 "$paceload" -url "$url" -body "$body" ${hdr:+-headers "$hdr"} -conns 1000 -rate "$rate" \
        -duration "$PACED_DURATION" >"$run/$row-$rate.txt" 2>&1 || true
      ticks=$(($(cpu_ticks "$gw") - ticks))
      requests=$(sed -n 's/^RESULT.* requests=\([0-9]*\).*/\1/p' "$run/$row-$rate.txt")
      if [[ $row != mock && ${requests:-0} -gt 0 ]]; then
        cpu=$((ticks * 1000000 / $(getconf CLK_TCK) / requests))
      fi
      echo "$row $(grep '^ERROR' "$run/$row-$rate.txt" | tr '\n' ' ')$(grep '^RESULT' "$run/$row-$rate.txt" | cut -d' ' -f2- || echo FAIL) proxy_cpu_us_per_req=$cpu" \
        | tee -a "$table"
    done
  done
  stop_all
}

wanted slow-streams && slow_streams
wanted latency-1000 && latency_1000
wanted latency-paced && latency_paced
log "results in $RESULTS"
