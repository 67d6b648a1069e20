// paceload sends requests at a fixed total rate over many keep-alive connections, each connection one request at
// a time, and reports the latency percentiles. Unlike wrk's closed loop, the offered load does not follow the
// server's speed: request k of connection i is due at start + i×interval/conns + k×interval (interval =
// conns/rate), and its latency counts from when it was due, so a server that falls behind shows its queueing
// (no coordinated omission). Errors reconnect and count by kind.
//
// Usage: go run ./bench/paceload -url URL -body FILE [-headers FILE] [-conns 1000] [-rate 5000] [-duration 10s]
// The last line printed is "RESULT key=value ...", for scripts.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	target := flag.String("url", "", "POST target (http only)")
	bodyFile := flag.String("body", "", "request body file")
	headerFile := flag.String("headers", "", `extra request headers, one "Name: value" a line`)
	conns := flag.Int("conns", 1000, "keep-alive connections, one request at a time each")
	rate := flag.Float64("rate", 5000, "requests per second over all connections")
	duration := flag.Duration("duration", 10*time.Second, "send requests due within this time")
	timeout := flag.Duration("timeout", 10*time.Second, "give up on one answer after this long")
	flag.Parse()
	if *target == "" || *bodyFile == "" || *conns < 1 || *rate <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	u, err := url.Parse(*target)
	check(err)
	body, err := os.ReadFile(*bodyFile)
	check(err)
	request := requestBytes(u, body, *headerFile)

	interval := time.Duration(float64(*conns) / *rate * float64(time.Second))
	start := time.Now().Add(100 * time.Millisecond)
	end := start.Add(*duration)
	results := make([]connResult, *conns)
	var wg sync.WaitGroup
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			first := start.Add(interval * time.Duration(i) / time.Duration(*conns))
			results[i] = run(u.Host, request, first, interval, end, *timeout)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	report(results, elapsed, *rate, *conns)
}

type connResult struct {
	latencies []time.Duration
	errors    map[string]int
}

// run sends the requests due from first, interval apart, until end, on one connection reopened after an error.
func run(host string, request []byte, first time.Time, interval time.Duration, end time.Time,
	timeout time.Duration) connResult {
	res := connResult{errors: map[string]int{}}
	var conn net.Conn
	var reader *bufio.Reader
	for due := first; due.Before(end); due = due.Add(interval) {
		time.Sleep(time.Until(due))
		if conn == nil {
			c, err := net.DialTimeout("tcp", host, timeout)
			if err != nil {
				res.errors[kind(err)]++
				continue
			}
			conn, reader = c, bufio.NewReaderSize(c, 16<<10)
		}
		err := exchange(conn, reader, request, timeout)
		if err != nil {
			res.errors[kind(err)]++
			conn.Close()
			conn = nil
			continue
		}
		res.latencies = append(res.latencies, time.Since(due))
	}
	if conn != nil {
		conn.Close()
	}
	return res
}

func exchange(conn net.Conn, reader *bufio.Reader, request []byte, timeout time.Duration) error {
	conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(request); err != nil {
		return err
	}
	resp, err := http.ReadResponse(reader, nil)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if resp.Close {
		return fmt.Errorf("server closed the connection")
	}
	return nil
}

func requestBytes(u *url.URL, body []byte, headerFile string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n",
		u.RequestURI(), u.Host, len(body))
	if headerFile != "" {
		data, err := os.ReadFile(headerFile)
		check(err)
		for _, line := range strings.Split(string(data), "\n") {
			name, value, ok := strings.Cut(line, ":")
			if ok && !strings.HasPrefix(strings.TrimSpace(name), "#") {
				fmt.Fprintf(&b, "%s: %s\r\n", strings.TrimSpace(name), strings.TrimSpace(value))
			}
		}
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// kind shortens an error to what it says, so that equal failures count together.
func kind(err error) string {
	s := err.Error()
	for _, k := range []string{"connection reset", "connection refused", "timeout", "EOF", "broken pipe",
		"too many open files", "cannot assign requested address"} {
		if strings.Contains(s, k) {
			return k
		}
	}
	return s
}

func report(results []connResult, elapsed time.Duration, rate float64, conns int) {
	var all []time.Duration
	errors := map[string]int{}
	for _, r := range results {
		all = append(all, r.latencies...)
		for k, n := range r.errors {
			errors[k] += n
		}
	}
	failed := 0
	for k, n := range errors {
		fmt.Printf("ERROR %d × %s\n", n, k)
		failed += n
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	fmt.Printf("RESULT conns=%d rate=%.0f requests=%d errors=%d req_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s "+
		"p999_ms=%s max_ms=%s\n",
		conns, rate, len(all), failed, float64(len(all))/elapsed.Seconds(),
		ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 0.999), ms(all, 1))
}

// ms is the q-quantile of sorted durations, in milliseconds.
func ms(sorted []time.Duration, q float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return fmt.Sprintf("%.2f", float64(sorted[max(0, min(i, len(sorted)-1))].Microseconds())/1000)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
