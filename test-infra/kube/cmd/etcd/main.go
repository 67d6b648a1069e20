// Command etcd is the official etcd server, built from go.etcd.io/etcd/server/v3
// so the test tier needs no downloaded binary.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
