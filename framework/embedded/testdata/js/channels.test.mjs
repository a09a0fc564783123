// The framework program's wasmcp:mcp/channels export (for a transport given
// with --override): the Go-free channel's entries, drained as JSON-RPC
// notifications; an entry whose JSON does not parse is dropped.
import assert from "node:assert/strict";

let opened = [];
let entries = [];
globalThis.hooks = {
  open(min) { opened.push(min); return 9n; },
  drain(id) { assert.equal(id, 9n); const e = entries; entries = []; return e; },
  close(id) { assert.equal(id, 9n); },
};
const { channels } = await import("./out/server-http.js");

assert.equal(channels.open("info"), 9n);
assert.equal(channels.open(undefined), 9n);
assert.deepEqual(opened, ["info", undefined]);
entries = [
  { kind: "log", level: "warning", name: "calc", body: JSON.stringify({ msg: "careful" }), progress: 0 },
  { kind: "log", level: "error", name: undefined, body: "{not json", progress: 0 },
  { kind: "progress", level: "debug", name: "\"tok\"", body: "one", progress: 1, total: 4 },
  { kind: "progress", level: "debug", name: "7", body: undefined, progress: 2.5, total: undefined },
  { kind: "other", level: "debug", name: "notifications/resources/list_changed", body: undefined, progress: 0 },
  { kind: "other", level: "debug", name: "notifications/x", body: "{\"a\":[1,2]}", progress: 0 },
];
assert.deepEqual(channels.drain(9n).map((s) => JSON.parse(s)), [
  { jsonrpc: "2.0", method: "notifications/message", params: { level: "warning", logger: "calc", data: { msg: "careful" } } },
  { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "tok", progress: 1, total: 4, message: "one" } },
  { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 7, progress: 2.5 } },
  { jsonrpc: "2.0", method: "notifications/resources/list_changed" },
  { jsonrpc: "2.0", method: "notifications/x", params: { a: [1, 2] } },
]);
assert.deepEqual(channels.drain(9n), []);
channels.close(9n);
console.log("ok");
