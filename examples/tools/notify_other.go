//go:build !wasip1

package main

import "calc/internal/bindings"

// Natively (unit tests) the notifications are recorded instead of sent.

type sentLog struct {
	level bindings.LogLevel
	data  string
}

type sentProgress struct {
	token       string
	done, total float64
}

var (
	logs       []sentLog
	progresses []sentProgress
)

func notifyLog(ch bindings.ChannelId, level bindings.LogLevel, logger, data string) {
	logs = append(logs, sentLog{level, data})
}

func progress(ch bindings.ChannelId, token string, done, total float64, msg string) {
	progresses = append(progresses, sentProgress{token, done, total})
}
