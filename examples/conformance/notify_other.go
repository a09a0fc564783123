//go:build !wasip1

package main

import "conformance/internal/bindings"

// Natively (unit tests) notifications are recorded instead of sent.

var logs, progresses, sent []string

func notifyLog(ch bindings.ChannelId, level bindings.LogLevel, data string) {
	logs = append(logs, level.String()+" "+data)
}

func progress(ch bindings.ChannelId, token string, done, total float64) {
	progresses = append(progresses, token)
}

func notify(ch bindings.ChannelId, method, params string) {
	sent = append(sent, method+" "+params)
}
