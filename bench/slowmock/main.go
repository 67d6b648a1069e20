// slowmock is a provider that streams slowly, for many streams at once: every streamed chat request gets a role
// event, -chunks content events and a finish event, -delay apart, then "data: [DONE]" (OpenAI, on
// /v1/chat/completions), or the same text as Anthropic Messages events (on /v1/messages). The events are those of
// the shared harness's mock-upstream.js; it exists because that mock is one Node process and spends about 15 µs of
// CPU per event, so 10,000 streams at 10 events a second would need 1.5 cores from it alone.
//
// Usage: go run ./bench/slowmock -listen 127.0.0.1:28092 [-chunks 100] [-delay 100ms]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"
)

var words = []string{"Hello", " from", " the", " mock", " upstream", ".", " Tokens", " keep", " coming", " until",
	" done", "."}

func main() {
	listen := flag.String("listen", "127.0.0.1:28092", "address to listen on")
	chunks := flag.Int("chunks", 100, "content events per stream")
	delay := flag.Duration("delay", 100*time.Millisecond, "time between two events")
	flag.Parse()

	openAI, anthropic := openAIEvents(*chunks), anthropicEvents(*chunks)
	http.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	http.HandleFunc("/v1/chat/completions", streamer(openAI, *delay))
	http.HandleFunc("/v1/messages", streamer(anthropic, *delay))
	server := &http.Server{Addr: *listen, IdleTimeout: 65 * time.Second}
	log.Printf("slowmock on %s: %d chunks, %v apart", *listen, *chunks, *delay)
	log.Fatal(server.ListenAndServe())
}

// streamer answers every request with the given events, one write and flush each, delay apart.
func streamer(events [][]byte, delay time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		flusher := w.(http.Flusher)
		ticker := time.NewTicker(delay)
		defer ticker.Stop()
		for i, event := range events {
			if i > 0 {
				select {
				case <-ticker.C:
				case <-r.Context().Done():
					return
				}
			}
			if _, err := w.Write(event); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

func openAIEvents(chunks int) [][]byte {
	chunk := func(delta map[string]any, finish any) []byte {
		return sse("", map[string]any{"id": "chatcmpl-mock", "object": "chat.completion.chunk",
			"created": 1700000000, "model": "mock-gpt",
			"choices": []any{map[string]any{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}}})
	}
	events := [][]byte{chunk(map[string]any{"role": "assistant", "content": ""}, nil)}
	for i := 0; i < chunks; i++ {
		events = append(events, chunk(map[string]any{"content": words[i%len(words)]}, nil))
	}
	events = append(events, chunk(map[string]any{}, "stop"), []byte("data: [DONE]\n\n"))
	return events
}

func anthropicEvents(chunks int) [][]byte {
	events := [][]byte{
		sse("message_start", map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_mock",
			"type": "message", "role": "assistant", "model": "mock-claude", "content": []any{},
			"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": 12, "output_tokens": 1}}}),
		sse("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}}),
		sse("ping", map[string]any{"type": "ping"}),
	}
	for i := 0; i < chunks; i++ {
		events = append(events, sse("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": words[i%len(words)]}}))
	}
	return append(events,
		sse("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0}),
		sse("message_delta", map[string]any{"type": "message_delta",
			"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
			"usage": map[string]any{"output_tokens": chunks}}),
		sse("message_stop", map[string]any{"type": "message_stop"}))
}

func sse(name string, data any) []byte {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	if name == "" {
		return []byte(fmt.Sprintf("data: %s\n\n", b))
	}
	return []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", name, b))
}
