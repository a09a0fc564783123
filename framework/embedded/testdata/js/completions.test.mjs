// The framework program's completions middleware: a provider that completes one prompt argument.
import assert from "node:assert/strict";
import { ctx, req, ok, downstream, reset } from "./lib.mjs";

globalThis.hooks = {
  complete(c, r) {
    if (r.reference.tag !== "prompt" || r.reference.val !== "greet") return undefined;
    const names = ["ada", "alan", "grace"].filter((n) => n.startsWith(r.argumentValue));
    return { tag: "ok", val: { values: names, total: names.length, hasMore: false } };
  },
  handle(c, m) {
    if (m.method === "initialize") return { tag: "ok", val: "{\"capabilities\":{\"prompts\":{}}}" };
    return undefined;
  },
};

globalThis.layout = { completions: 1, next: 1 };
const { handler } = await import("./out/server-http.js");

assert.deepEqual(ok(handler.handle(ctx(), req("initialize", {}))).capabilities, { prompts: {}, completions: {} });
reset();
const r = ok(handler.handle(ctx(), req("completion/complete", { ref: { type: "ref/prompt", name: "greet" }, argument: { name: "who", value: "a" } })));
assert.deepEqual(r, { completion: { values: ["ada", "alan"], total: 2, hasMore: false } });
assert.equal(downstream().length, 0);
assert.equal(handler.handle(ctx(), req("completion/complete", { ref: { type: "ref/resource", uri: "x://{y}" }, argument: { name: "y", value: "" } })), undefined);
assert.equal(downstream().length, 1);
console.log("ok");
