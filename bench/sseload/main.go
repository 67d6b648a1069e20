// sseload holds many concurrent server-sent-event streams open against one URL, one connection each, and
// checks that every one of them ends with "data: [DONE]". It reports errors by kind, the time to the first
// event and to the end of each stream (percentiles), the most streams open at once, and, with -pid, the
// peak resident memory of that process (VmRSS sampled every 100 ms, and VmHWM at the end) and its CPU time.
//
// Usage: go run ./bench/sseload -url URL -body FILE [-headers FILE] [-streams 10000] [-ramp 5s] [-pid PID]
// The last line printed is "RESULT key=value ...", for scripts.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type outcome struct {
	err        string // empty when the stream was complete
	sample     string // the start of an error answer
	firstEvent time.Duration
	total      time.Duration
}

func main() {
	url := flag.String("url", "", "POST target")
	bodyFile := flag.String("body", "", "request body file (a streamed chat request)")
	headerFile := flag.String("headers", "", `extra request headers, one "Name: value" a line`)
	streams := flag.Int("streams", 10000, "streams to open, all held at once once the ramp is over")
	ramp := flag.Duration("ramp", 5*time.Second, "spread the stream starts evenly over this time")
	timeout := flag.Duration("timeout", 90*time.Second, "give up on a stream after this long")
	pid := flag.Int("pid", 0, "process whose memory and CPU to sample (0: none)")
	flag.Parse()
	if *url == "" || *bodyFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	body, err := os.ReadFile(*bodyFile)
	check(err)
	headers := readHeaders(*headerFile)

	client := &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: *streams,
		DisableCompression:  true,
		DisableKeepAlives:   true, // one connection per stream, closed at its end
	}}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	sampler := startSampler(*pid)
	var open, peakOpen atomic.Int64
	results := make([]outcome, *streams)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *streams; i++ {
		if *ramp > 0 {
			if wait := time.Until(start.Add(*ramp * time.Duration(i) / time.Duration(*streams))); wait > 0 {
				time.Sleep(wait)
			}
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n := open.Add(1)
			for p := peakOpen.Load(); n > p && !peakOpen.CompareAndSwap(p, n); p = peakOpen.Load() {
			}
			results[i] = stream(ctx, client, *url, body, headers)
			open.Add(-1)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	mem := sampler.stop()
	report(results, elapsed, peakOpen.Load(), mem)
}

func stream(ctx context.Context, client *http.Client, url string, body []byte, headers http.Header) outcome {
	t0 := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	check(err)
	req.Header = headers.Clone()
	resp, err := client.Do(req)
	if err != nil {
		return outcome{err: kind(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return outcome{err: "status " + strconv.Itoa(resp.StatusCode), sample: string(answer)}
	}
	var o outcome
	done := false
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadSlice('\n')
		if bytes.HasPrefix(line, []byte("data:")) {
			if o.firstEvent == 0 {
				o.firstEvent = time.Since(t0)
			}
			done = done || bytes.Equal(bytes.TrimSpace(line[5:]), []byte("[DONE]"))
		}
		if err == io.EOF {
			break
		}
		if err != nil && err != bufio.ErrBufferFull {
			o.err = kind(err)
			return o
		}
	}
	o.total = time.Since(t0)
	if !done {
		o.err = "ended without [DONE]"
	}
	return o
}

// kind shortens an error to what it says about the stream, so that equal failures count together.
func kind(err error) string {
	s := err.Error()
	for _, k := range []string{"connection reset", "connection refused", "deadline exceeded", "EOF", "timeout",
		"too many open files", "cannot assign requested address"} {
		if strings.Contains(s, k) {
			return k
		}
	}
	return s
}

func readHeaders(file string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if file == "" {
		return h
	}
	data, err := os.ReadFile(file)
	check(err)
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && !strings.HasPrefix(strings.TrimSpace(name), "#") {
			h.Set(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	return h
}

type memory struct {
	peakRSSKiB, hwmKiB int64
	cpuSeconds         float64
}

type sampler struct {
	pid      int
	quit     chan struct{}
	finished chan memory
}

func startSampler(pid int) *sampler {
	s := &sampler{pid: pid, quit: make(chan struct{}), finished: make(chan memory, 1)}
	go func() {
		var m memory
		cpu0 := cpuSeconds(pid)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, _ := status(pid); rss > m.peakRSSKiB {
				m.peakRSSKiB = rss
			}
			select {
			case <-s.quit:
				_, m.hwmKiB = status(pid)
				m.cpuSeconds = cpuSeconds(pid) - cpu0
				s.finished <- m
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *sampler) stop() memory {
	close(s.quit)
	return <-s.finished
}

// status reads VmRSS and VmHWM (KiB) of a process; zeros when there is none.
func status(pid int) (rss, hwm int64) {
	if pid == 0 {
		return 0, 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, hwm
}

// cpuSeconds is the user and system time of a process (utime + stime in /proc/PID/stat, at 100 ticks a second).
func cpuSeconds(pid int) float64 {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100
}

func report(results []outcome, elapsed time.Duration, peakOpen int64, mem memory) {
	errors := map[string]int{}
	samples := map[string]string{}
	var first, total []time.Duration
	for _, o := range results {
		if o.err != "" {
			errors[o.err]++
			samples[o.err] = o.sample
		}
		if o.firstEvent > 0 {
			first = append(first, o.firstEvent)
		}
		if o.err == "" {
			total = append(total, o.total)
		}
	}
	failed := 0
	for k, n := range errors {
		fmt.Printf("ERROR %d × %s %s\n", n, k, samples[k])
		failed += n
	}
	fmt.Printf("RESULT streams=%d complete=%d errors=%d peak_open=%d elapsed_s=%.1f "+
		"first_event_ms_p50=%s first_event_ms_p90=%s first_event_ms_p99=%s first_event_ms_max=%s "+
		"stream_s_p50=%s stream_s_max=%s peak_rss_mib=%.0f hwm_mib=%.0f cpu_s=%.1f\n",
		len(results), len(total), failed, peakOpen, elapsed.Seconds(),
		ms(first, 0.50), ms(first, 0.90), ms(first, 0.99), ms(first, 1),
		secs(total, 0.50), secs(total, 1),
		float64(mem.peakRSSKiB)/1024, float64(mem.hwmKiB)/1024, mem.cpuSeconds)
}

func percentile(d []time.Duration, q float64) (time.Duration, bool) {
	if len(d) == 0 {
		return 0, false
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	i := int(q*float64(len(d))+0.5) - 1
	return d[max(0, min(i, len(d)-1))], true
}

func ms(d []time.Duration, q float64) string {
	v, ok := percentile(d, q)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(v.Microseconds())/1000)
}

func secs(d []time.Duration, q float64) string {
	v, ok := percentile(d, q)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", v.Seconds())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
