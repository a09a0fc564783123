// The framework program's prompts middleware: a provider with one prompt, and the next link.
import assert from "node:assert/strict";
import { ctx, req, ok, downstream, reset } from "./lib.mjs";

globalThis.hooks = {
  listPrompts() {
    return { prompts: [{ name: "greet", description: "Say hello", arguments: [{ name: "who", required: true }], icons: [] }] };
  },
  getPrompt(c, r) {
    if (r.name !== "greet") return undefined;
    const args = Object.fromEntries(r.arguments);
    return { tag: "ok", val: { messages: [{ role: "user", content: { tag: "text", val: { text: `Hello, ${args.who}!` } } }] } };
  },
  handle(c, m) {
    if (m.method === "initialize") return { tag: "ok", val: "{\"capabilities\":{}}" };
    if (m.method === "prompts/list") return { tag: "ok", val: "{\"prompts\":[{\"name\":\"other\"}]}" };
    return undefined;
  },
};

globalThis.layout = { prompts: 1, next: 1 };
const { handler } = await import("./out/server-http.js");

assert.deepEqual(ok(handler.handle(ctx(), req("initialize", {}))).capabilities, { prompts: {} });
let r = ok(handler.handle(ctx(), req("prompts/list")));
assert.deepEqual(r.prompts, [{ name: "greet", description: "Say hello", arguments: [{ name: "who", required: true }] }, { name: "other" }]);
reset();
r = ok(handler.handle(ctx(), req("prompts/get", { name: "greet", arguments: { who: "Ada" } })));
assert.deepEqual(r.messages, [{ role: "user", content: { type: "text", text: "Hello, Ada!" } }]);
assert.equal(downstream().length, 0);
assert.equal(handler.handle(ctx(), req("prompts/get", { name: "nope" })), undefined);
assert.equal(downstream().length, 1);
console.log("ok");
