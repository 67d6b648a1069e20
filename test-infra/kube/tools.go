//go:build tools

// Package tools pins the official commands the test tier builds: go.mod keeps
// their modules, and build.sh runs `go build` on these import paths.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
