// The framework program as the chain end (no slot wired, nothing below):
// initialize gets empty capabilities; everything else none.
import assert from "node:assert/strict";
import { ctx, req, note, ok } from "./lib.mjs";

// No provider and no next link: the program is the end of the chain.
globalThis.layout = {};
const { handler } = await import("./out/server-http.js");

assert.deepEqual(ok(handler.handle(ctx(), req("initialize", { protocolVersion: "2025-11-25" }))), { capabilities: {} });
for (const m of ["tools/list", "tools/call", "resources/read", "prompts/get", "completion/complete", "ping", "custom/x"]) {
  assert.equal(handler.handle(ctx(), req(m, {})), undefined, m);
}
// A notification named initialize is not a request: none.
assert.equal(handler.handle(ctx(), note("initialize")), undefined);
assert.equal(handler.handle(ctx(), note("notifications/initialized")), undefined);
console.log("ok");
