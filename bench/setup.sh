# Sourced by run.sh, scenarios.sh and floors.sh: the repository, the shared harness beside it (HARNESS to override), a
# built cli/target/aigw.jar (built when missing; delete it to rebuild) and proxy_classpath.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
harness="${HARNESS:-$repo/../shared/bench}"
[[ -x "$harness/run-peers.sh" ]] || { echo "no benchmark harness at $harness (set HARNESS)" >&2; exit 1; }
[[ -f "$repo/cli/target/aigw.jar" ]] || (cd "$repo" && ./mvnw -B -q -DskipTests package)

proxy_classpath() {  # FILE: the proxy module's runtime classpath (Vert.x, Netty and the rest, as its image has them)
  (cd "$repo" && ./mvnw -B -q -pl proxy dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$1" >/dev/null)
}
