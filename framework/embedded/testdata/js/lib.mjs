// Helpers shared by the test scripts.
import assert from "node:assert/strict";

export const ctx = (version = "2025-06-18") => ({ protocolVersion: version, channel: 7n });

export const req = (method, params, id = 1n) => ({
  id: typeof id === "string" ? { tag: "text", val: id } : { tag: "number", val: id },
  method,
  params: params === undefined ? undefined : JSON.stringify(params),
});

export const note = (method, params) => ({ method, params: params === undefined ? undefined : JSON.stringify(params) });

// ok asserts an answered request and returns its parsed result.
export function ok(res) {
  assert.ok(res !== undefined, "expected an answer, got none");
  assert.equal(res.tag, "ok", `expected ok, got ${JSON.stringify(res, big)}`);
  return JSON.parse(res.val);
}

// err asserts an answered request with a JSON-RPC error and returns it.
export function err(res) {
  assert.ok(res !== undefined, "expected an answer, got none");
  assert.equal(res.tag, "err", `expected err, got ${JSON.stringify(res, big)}`);
  return res.val;
}

export const big = (_, v) => (typeof v === "bigint" ? v.toString() : v);

// downstream returns the messages the part passed to the next link.
export const downstream = () => (globalThis.calls ?? []).filter((c) => c.name === "handle").map((c) => c.args[1]);

export const reset = () => { globalThis.calls = []; };
