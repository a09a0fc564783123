// notify-channel: open, send, drain, close through its two exports.
import assert from "node:assert/strict";

const { notify, channels } = await import("./out/notify-channel.js");

const a = channels.open("info");
const b = channels.open(undefined);
assert.equal(typeof a, "bigint");
assert.notEqual(a, b);

notify.log(a, "warning", "calc", JSON.stringify({ msg: "careful" }));
assert.throws(() => notify.log(a, "debug", undefined, "\"too low\""), (e) => e.payload === "filtered");
assert.throws(() => notify.log(b, "emergency", undefined, "\"logging off\""), (e) => e.payload === "filtered");
notify.progress(a, "\"tok\"", 1, 4, "one");
assert.throws(() => notify.progress(a, "\"tok\"", 1, 4, undefined), (e) => e.payload === "invalid");
notify.send(a, "notifications/resources/list_changed", undefined);
assert.throws(() => notify.send(a, "x", "{not json"), (e) => e.payload === "invalid");

const q = channels.drain(a).map((s) => JSON.parse(s));
assert.deepEqual(q, [
  { jsonrpc: "2.0", method: "notifications/message", params: { level: "warning", logger: "calc", data: { msg: "careful" } } },
  { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "tok", progress: 1, total: 4, message: "one" } },
  { jsonrpc: "2.0", method: "notifications/resources/list_changed" },
]);
assert.deepEqual(channels.drain(a), []);
assert.deepEqual(channels.drain(b), []);

channels.close(a);
assert.throws(() => notify.send(a, "notifications/x", undefined), (e) => e.payload === "closed");
const c = channels.open("debug");
assert.ok(c > b, "ids are not reused");
assert.throws(() => notify.log(999n, "error", undefined, "1"), (e) => e.payload === "closed");
console.log("ok");
