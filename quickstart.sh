#!/usr/bin/env bash
# A gateway on this machine in front of two mock providers, in one command:
#
#   ./quickstart.sh
#
# Builds cli/target/aigw.jar when it is missing (needs JDK 17+; the Maven wrapper fetches Maven), starts
#   mock-provider mock-a on 127.0.0.1:9001 and mock-b on 127.0.0.1:9002 (aigw mock-provider), and
#   the gateway from samples/local on 127.0.0.1:8080, health on 8081 (aigw run),
# prints curl commands to try, and stops all three on Ctrl-C. Everything listens on loopback only.
#
# Other ports: GATEWAY_PORT, ADMIN_PORT, MOCK_A_PORT, MOCK_B_PORT, e.g. GATEWAY_PORT=18080 ./quickstart.sh.
# With other mock ports the gateway serves a copy of samples/local pointing at them (the script says where).
set -euo pipefail
cd "$(dirname "$0")"

GATEWAY_PORT=${GATEWAY_PORT:-8080}
ADMIN_PORT=${ADMIN_PORT:-8081}
MOCK_A_PORT=${MOCK_A_PORT:-9001}
MOCK_B_PORT=${MOCK_B_PORT:-9002}

JAR=cli/target/aigw.jar
JAVA=java
if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
fi
command -v "$JAVA" >/dev/null || { echo "quickstart: no java on PATH (JDK 17 or newer needed)" >&2; exit 1; }

# Refuses to start when a port is taken: a server already there (often an earlier ./quickstart.sh) would answer
# in place of ours.
check_free() {
  local port=$1 what=$2 variable=$3
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    cat >&2 <<TAKEN
quickstart: port $port ($what) is already in use on 127.0.0.1, perhaps by an earlier ./quickstart.sh.
  Stop what listens there (see it with: ss -ltnp 'sport = :$port'), or pick another port:
  $variable=<free port> ./quickstart.sh   (the ports: GATEWAY_PORT, ADMIN_PORT, MOCK_A_PORT, MOCK_B_PORT)
TAKEN
    exit 1
  fi
}
check_free "$GATEWAY_PORT" "the gateway" GATEWAY_PORT
check_free "$ADMIN_PORT" "the gateway's health and metrics" ADMIN_PORT
check_free "$MOCK_A_PORT" "mock provider mock-a" MOCK_A_PORT
check_free "$MOCK_B_PORT" "mock provider mock-b" MOCK_B_PORT

if [[ ! -f "$JAR" ]]; then
  echo "quickstart: building $JAR (once; takes a minute or two) ..."
  ./mvnw -B -q -DskipTests package
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/aigw-quickstart.XXXXXX")
pids=()
stop() {
  trap - INT TERM EXIT
  # Whoever read our output may be gone already (a closed pipe): printing must not end the script before it has
  # stopped what it started.
  trap '' PIPE
  if ((${#pids[@]})); then
    kill "${pids[@]}" 2>/dev/null || true
    { echo; echo "quickstart: stopping ${pids[*]}"; } 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Starts a process whose output goes to the terminal and to $work/$1.log; its pid in $started.
start() {
  local name=$1
  shift
  "$JAVA" -jar "$JAR" "$@" > >(tee "$work/$name.log") &
  started=$!
  pids+=("$started")
}

# Waits up to 60 s for process $1 to print a line matching $2 (its own word that it listens or is ready), so
# that another server on the port cannot pass for it; fails as soon as the process ends.
await_line() {
  local pid=$1 pattern=$2 log=$3
  for _ in $(seq 1 600); do
    grep -q -E "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

start mock-a mock-provider --port "$MOCK_A_PORT" --name mock-a --chunk-delay-ms 150
mock_a=$started
start mock-b mock-provider --port "$MOCK_B_PORT" --name mock-b --chunk-delay-ms 150
mock_b=$started
for mock in "mock-a $mock_a $MOCK_A_PORT" "mock-b $mock_b $MOCK_B_PORT"; do
  read -r name pid port <<<"$mock"
  await_line "$pid" "^mock-provider $name listening on " "$work/$name.log" \
    || { echo "quickstart: the mock provider $name did not start on port $port (see above)" >&2; exit 1; }
done

input=samples/local
if [[ "$MOCK_A_PORT" != 9001 || "$MOCK_B_PORT" != 9002 ]]; then
  input="$work/local"
  mkdir "$input"
  cp samples/local/secrets.yaml "$input/"
  sed -e "s#127.0.0.1:9001/#127.0.0.1:$MOCK_A_PORT/#" -e "s#127.0.0.1:9002/#127.0.0.1:$MOCK_B_PORT/#" \
    samples/local/gateway.yaml >"$input/gateway.yaml"
fi
start gateway run -f "$input" --port "$GATEWAY_PORT" --admin-port "$ADMIN_PORT"
gateway=$started
await_line "$gateway" "^ready$" "$work/gateway.log" \
  || { echo "quickstart: the gateway did not become ready (see above)" >&2; exit 1; }

KEY=aigw-local-demo-key
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'
cat <<TRY

Gateway ready on http://127.0.0.1:$GATEWAY_PORT/v1 with the client key $KEY.
Mock providers: mock-a (pid $mock_a, port $MOCK_A_PORT), mock-b (pid $mock_b, port $MOCK_B_PORT). Ctrl-C stops all three.

Try, in another terminal (README.md, "Quickstart on this machine", has more):

  curl -s http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions -H 'Authorization: Bearer $KEY' \\
    -H 'Content-Type: application/json' -d '$BODY'

  curl -s http://127.0.0.1:$GATEWAY_PORT/v1/models -H 'Authorization: Bearer $KEY'

Edit $input/gateway.yaml while this runs: the gateway picks the change up within a second or two.
TRY

# Runs until the gateway stops or Ctrl-C; a mock that is stopped on purpose does not stop the rest.
wait "$gateway"
