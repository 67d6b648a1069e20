# Sourced by run.sh and scenarios.sh: the repository, the shared harness beside it (HARNESS to override) and a
# built cli/target/aigw.jar (built when missing; delete it to rebuild).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
harness="${HARNESS:-$repo/../shared/bench}"
[[ -x "$harness/run-peers.sh" ]] || { echo "no benchmark harness at $harness (set HARNESS)" >&2; exit 1; }
[[ -f "$repo/cli/target/aigw.jar" ]] || (cd "$repo" && ./mvnw -B -q -DskipTests package)
