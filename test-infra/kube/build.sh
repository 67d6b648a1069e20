#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from the
# official Go modules pinned in go.mod/go.sum, once, into a cache outside the
# tree. Prints the directory holding the binaries. A warm cache (same inputs)
# returns at once; otherwise `go build` reuses Go's own build cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kube_version="$(awk '$1 == "k8s.io/kubernetes" { print $2 }' "$here/go.mod")"

if ! command -v go >/dev/null 2>&1; then
  echo "The kube-apiserver test tier builds Kubernetes $kube_version from source and needs Go $(awk '$1 == "go" { print $2 }' "$here/go.mod") or newer: install it (https://go.dev/doc/install, or Debian's golang package if recent enough) and put 'go' on PATH." >&2
  exit 2
fi

cache="${AIGW_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aigw-kube}"
inputs_hash="$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" "$here/cmd/etcd/main.go" | sha256sum | cut -c1-16)"
bin="$cache/$kube_version-$inputs_hash/bin"
commands=(etcd kube-apiserver kube-controller-manager kubectl)

complete=true
for c in "${commands[@]}"; do [[ -x "$bin/$c" ]] || complete=false; done
if $complete; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
version_pkg=k8s.io/component-base/version
minor="$(echo "$kube_version" | cut -d. -f2)"
ldflags="-s -w -X $version_pkg.gitVersion=$kube_version -X $version_pkg.gitMajor=1 -X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean"
cd "$here"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
started=$SECONDS
for c in kube-apiserver kube-controller-manager kubectl; do
  echo "building $c $kube_version" >&2
  go build -trimpath -ldflags "$ldflags" -o "$bin/$c.tmp" "k8s.io/kubernetes/cmd/$c"
  mv "$bin/$c.tmp" "$bin/$c"
done
echo "building etcd" >&2
go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" ./cmd/etcd
mv "$bin/etcd.tmp" "$bin/etcd"
echo "built in $((SECONDS - started)) s into $bin" >&2
echo "$bin"
