// A notification channel for tests of a transport on its own: the
// wasmcp:mcp/channels interface the transport imports (open, drain, close),
// plus log and progress for the test handler to queue notifications with.
const levels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
const chans = new Map();
let nextId = 1n;

export function open(minLevel) {
  const id = nextId++;
  chans.set(id, { min: minLevel, queue: [] });
  return id;
}

export function drain(id) {
  const c = chans.get(id);
  if (!c) return [];
  const q = c.queue;
  c.queue = [];
  return q;
}

export function close(id) {
  chans.delete(id);
}

// openChannels is how many channels the transport has left open.
export function openChannels() {
  return chans.size;
}

export function log(id, level, logger, data) {
  const c = chans.get(id);
  if (!c) return "closed";
  if (c.min === undefined || levels.indexOf(level) < levels.indexOf(c.min)) return "filtered";
  const params = { level, data: JSON.parse(data) };
  if (logger !== undefined) params.logger = logger;
  c.queue.push(JSON.stringify({ jsonrpc: "2.0", method: "notifications/message", params }));
  return "ok";
}

export function progress(id, token, progress, total) {
  const c = chans.get(id);
  if (!c) return "closed";
  const params = { progressToken: JSON.parse(token), progress };
  if (total !== undefined) params.total = total;
  c.queue.push(JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params }));
  return "ok";
}
