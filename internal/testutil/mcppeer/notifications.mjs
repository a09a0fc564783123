// wasmcp:framework/notifications for a framework program run on its own:
// the channels of channels.mjs (where handler.mjs queues its log and
// progress messages), drained as the entries the Go-free channel returns.
import { open, close, drain as drainMessages } from "./channels.mjs";

export { open, close };

export function drain(id) {
  return drainMessages(id).map((text) => {
    const m = JSON.parse(text);
    const p = m.params ?? {};
    switch (m.method) {
      case "notifications/message":
        return { kind: "log", level: p.level, name: p.logger, body: JSON.stringify(p.data), progress: 0, total: undefined };
      case "notifications/progress":
        return { kind: "progress", level: "debug", name: JSON.stringify(p.progressToken), body: p.message, progress: p.progress, total: p.total };
    }
    return { kind: "other", level: "debug", name: m.method, body: m.params === undefined ? undefined : JSON.stringify(m.params), progress: 0, total: undefined };
  });
}
