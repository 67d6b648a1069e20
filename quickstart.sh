#!/usr/bin/env bash
# A gateway on this machine in front of two mock providers, in one command:
#
#   ./quickstart.sh
#
# Builds cli/target/aigw.jar when it is missing (needs JDK 17+; the Maven wrapper fetches Maven), starts
#   mock-provider mock-a on 127.0.0.1:9001 and mock-b on 127.0.0.1:9002 (aigw mock-provider), and
#   the gateway from samples/local on 127.0.0.1:8080, health on 8081 (aigw run),
# prints curl commands to try, and stops all three on Ctrl-C. Everything listens on loopback only.
set -euo pipefail
cd "$(dirname "$0")"

JAR=cli/target/aigw.jar
JAVA=java
if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
fi
command -v "$JAVA" >/dev/null || { echo "quickstart: no java on PATH (JDK 17 or newer needed)" >&2; exit 1; }

if [[ ! -f "$JAR" ]]; then
  echo "quickstart: building $JAR (once; takes a minute or two) ..."
  ./mvnw -B -q -DskipTests package
fi

pids=()
stop() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo
    echo "quickstart: stopping ${pids[*]}"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

# Waits up to 30 s until http://127.0.0.1:$1$2 answers 200 (without curl: until the port accepts) while
# process $3 lives.
await_http() {
  local port=$1 path=$2 pid=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 1
    if command -v curl >/dev/null; then
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")" == 200 ]] && return 0
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

"$JAVA" -jar "$JAR" mock-provider --port 9001 --name mock-a --chunk-delay-ms 150 &
mock_a=$!
pids+=("$mock_a")
"$JAVA" -jar "$JAR" mock-provider --port 9002 --name mock-b --chunk-delay-ms 150 &
mock_b=$!
pids+=("$mock_b")
for pm in "9001 $mock_a" "9002 $mock_b"; do
  read -r port pid <<<"$pm"
  await_http "$port" /health "$pid" || { echo "quickstart: the mock provider on port $port did not start" >&2; exit 1; }
done

"$JAVA" -jar "$JAR" run -f samples/local --port 8080 --admin-port 8081 &
gateway=$!
pids+=("$gateway")
await_http 8081 /readyz "$gateway" || { echo "quickstart: the gateway did not become ready" >&2; exit 1; }

KEY=aigw-local-demo-key
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'
cat <<TRY

Gateway ready on http://127.0.0.1:8080/v1 with the client key $KEY.
Mock providers: mock-a (pid $mock_a, port 9001), mock-b (pid $mock_b, port 9002). Ctrl-C stops all three.

Try, in another terminal:

  # one request
  curl -s http://127.0.0.1:8080/v1/chat/completions -H 'Authorization: Bearer $KEY' \\
    -H 'Content-Type: application/json' -d '$BODY'

  # load balancing: the answers alternate between mock-a and mock-b
  for i in 1 2 3 4; do curl -s -o /dev/null -D - http://127.0.0.1:8080/v1/chat/completions \\
    -H 'Authorization: Bearer $KEY' -H 'Content-Type: application/json' -d '$BODY' \\
    | grep -i -E '^(x-selected-target|x-mock-provider)'; done

  # failover: stop mock-b, then repeat the loop above: every request still succeeds, on mock-a
  kill $mock_b

  # streaming: chunks arrive one by one, 150 ms apart
  curl -N http://127.0.0.1:8080/v1/chat/completions -H 'Authorization: Bearer $KEY' \\
    -H 'Content-Type: application/json' -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}'

Edit samples/local/gateway.yaml while this runs: the gateway picks the change up within a second or two.
TRY

# Runs until the gateway stops or Ctrl-C; a mock that is stopped on purpose does not stop the rest.
wait "$gateway"
