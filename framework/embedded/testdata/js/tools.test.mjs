// The framework program's tools middleware over its first tools slot: its
// provider (two pages of tools, one tool that fails,
// one that the provider does not own) and the next link, implemented here.
import assert from "node:assert/strict";
import { ctx, req, note, ok, err, downstream, reset } from "./lib.mjs";

const schema = JSON.stringify({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } } });
globalThis.hooks = {
  listTools(c, cursor) {
    assert.equal(c.protocolVersion, globalThis.version);
    if (cursor === undefined) {
      return { tools: [{ name: "add", title: "Add", description: "a+b", inputSchema: schema, icons: [], annotations: { readOnlyHint: true } }], nextCursor: "page-2" };
    }
    assert.equal(cursor, "page-2");
    return {
      tools: [
        { name: "dup", inputSchema: "{\"type\":\"object\"}", icons: [] },
        {
          name: "rich", title: "Rich", inputSchema: "{\"type\":\"object\"}", outputSchema: "{\"type\":\"object\"}",
          annotations: { title: "Rich tool", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
          icons: [{ src: "https://example.com/i.png", mimeType: "image/png", sizes: ["48x48", "any"], theme: "dark" }, { src: "data:,x", sizes: [] }],
          meta: "{\"k\":1}",
        },
      ],
    };
  },
  callTool(c, r) {
    if (r.name === "add") {
      const { a, b } = JSON.parse(r.arguments);
      return { tag: "ok", val: { content: [{ tag: "text", val: { text: String(a + b) } }], structuredContent: JSON.stringify({ sum: a + b }) } };
    }
    if (r.name === "bad-args") {
      return { tag: "err", val: { code: -32602n, message: "Invalid params: a is required", data: "{\"field\":\"a\"}" } };
    }
    if (r.name === "rich") {
      const ann = { audience: ["user", "assistant"], priority: 0.5, lastModified: "2025-01-01T00:00:00Z" };
      return { tag: "ok", val: { content: [
        { tag: "text", val: { text: "t", annotations: ann, meta: "{\"m\":true}" } },
        { tag: "audio", val: { data: new Uint8Array([255]), mimeType: "audio/wav" } },
        { tag: "resource-link", val: { uri: "mem://a", name: "a", mimeType: "text/plain", size: 3n, icons: [] } },
        { tag: "embedded-resource", val: { contents: { uri: "mem://b", mimeType: "text/plain", body: { tag: "text", val: "bee" } } } },
        { tag: "embedded-resource", val: { contents: { uri: "mem://c", body: { tag: "blob", val: new Uint8Array([]) } }, annotations: { audience: [], priority: 1 } } },
      ], structuredContent: "{\"ok\":true}", isError: false, meta: "{\"r\":2}" } };
    }
    if (r.name === "broken") {
      return { tag: "ok", val: { content: [{ tag: "text", val: { text: "it broke" } }, { tag: "image", val: { data: new Uint8Array([1, 2, 3]), mimeType: "image/png" } }], isError: true } };
    }
    return undefined;
  },
  handle(c, m) {
    switch (m.method) {
      case "initialize":
        return { tag: "ok", val: JSON.stringify({ capabilities: { prompts: { listChanged: false } } }) };
      case "tools/list":
        return { tag: "ok", val: JSON.stringify({ tools: [{ name: "remote", inputSchema: { type: "object" } }, { name: "dup", inputSchema: { type: "object" } }] }) };
      case "tools/call":
        if (JSON.parse(m.params).name === "remote") return { tag: "ok", val: JSON.stringify({ content: [{ type: "text", text: "from downstream" }] }) };
        return undefined;
      case "custom/echo":
        return { tag: "ok", val: m.params };
      case "notifications/initialized":
        return { tag: "ok", val: "null" };
    }
    return undefined;
  },
};

globalThis.layout = { tools: 1, next: 1 };
const { handler } = await import("./out/server-http.js");
globalThis.version = "2025-06-18";

// initialize: the downstream capabilities plus tools.
reset();
let r = ok(handler.handle(ctx(), req("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } })));
assert.deepEqual(r.capabilities, { prompts: { listChanged: false }, tools: {} });
assert.equal(downstream().length, 1);

// tools/list: every page of the provider, then downstream's, duplicates dropped.
reset();
r = ok(handler.handle(ctx(), req("tools/list", {})));
assert.deepEqual(r.tools.map((t) => t.name), ["add", "dup", "rich", "remote"]);
assert.deepEqual(r.tools[0], { name: "add", title: "Add", description: "a+b", inputSchema: JSON.parse(schema), annotations: { readOnlyHint: true } });
assert.equal(r.nextCursor, undefined);
assert.equal(globalThis.calls.filter((c) => c.name === "listTools").length, 2);
assert.equal(downstream().length, 1);

// 2025-06-18 has no icons; 2025-11-25 has them (every field of the WIT records reaches the JSON).
assert.equal(r.tools[2].icons, undefined);
globalThis.version = "2025-11-25";
r = ok(handler.handle(ctx("2025-11-25"), req("tools/list")));
assert.deepEqual(r.tools[2], {
  name: "rich", title: "Rich", inputSchema: { type: "object" }, outputSchema: { type: "object" },
  annotations: { title: "Rich tool", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  icons: [{ src: "https://example.com/i.png", mimeType: "image/png", sizes: ["48x48", "any"], theme: "dark" }, { src: "data:,x" }],
  _meta: { k: 1 },
});
r = ok(handler.handle(ctx("2025-11-25"), req("tools/call", { name: "rich" })));
assert.deepEqual(r, {
  content: [
    { type: "text", text: "t", annotations: { audience: ["user", "assistant"], priority: 0.5, lastModified: "2025-01-01T00:00:00Z" }, _meta: { m: true } },
    { type: "audio", data: "/w==", mimeType: "audio/wav" },
    { type: "resource_link", uri: "mem://a", name: "a", mimeType: "text/plain", size: 3 },
    { type: "resource", resource: { uri: "mem://b", mimeType: "text/plain", text: "bee" } },
    { type: "resource", resource: { uri: "mem://c", blob: "" }, annotations: { priority: 1 } },
  ],
  structuredContent: { ok: true }, isError: false, _meta: { r: 2 },
});
globalThis.version = "2025-06-18";

// A cursor the framework never issued is rejected.
let e = err(handler.handle(ctx(), req("tools/list", { cursor: "nope" })));
assert.equal(e.code, -32602n);

// 2025-03-26 drops the fields that version does not know (title).
globalThis.version = "2025-03-26";
r = ok(handler.handle(ctx("2025-03-26"), req("tools/list")));
assert.equal(r.tools[0].title, undefined);
globalThis.version = "2025-06-18";

// tools/call of an owned tool: answered here, not passed down.
reset();
r = ok(handler.handle(ctx(), req("tools/call", { name: "add", arguments: { a: 2, b: 40 } }, "call-1")));
assert.deepEqual(r, { content: [{ type: "text", text: "42" }], structuredContent: { sum: 42 } });
assert.equal(downstream().length, 0);
const call = globalThis.calls.find((c) => c.name === "callTool").args[1];
assert.equal(call.name, "add");
assert.deepEqual(JSON.parse(call.arguments), { a: 2, b: 40 });

// A tool failure is a result with isError; content is base64 where binary.
r = ok(handler.handle(ctx(), req("tools/call", { name: "broken" })));
assert.equal(r.isError, true);
assert.deepEqual(r.content[1], { type: "image", data: "AQID", mimeType: "image/png" });

// A protocol error from the provider is passed through unchanged.
e = err(handler.handle(ctx(), req("tools/call", { name: "bad-args", arguments: {} })));
assert.deepEqual(e, { code: -32602n, message: "Invalid params: a is required", data: "{\"field\":\"a\"}" });

// tools/call of a tool the provider does not own: passed down with the same id.
reset();
r = ok(handler.handle(ctx(), req("tools/call", { name: "remote" }, 99n)));
assert.deepEqual(r, { content: [{ type: "text", text: "from downstream" }] });
assert.equal(downstream().length, 1);
assert.deepEqual(downstream()[0].id, { tag: "number", val: 99n });
assert.equal(downstream()[0].method, "tools/call");

// Nobody owns it: none, for the transport to turn into -32602.
assert.equal(handler.handle(ctx(), req("tools/call", { name: "missing" })), undefined);

// Malformed params of tools/call: -32602 from the middleware itself.
e = err(handler.handle(ctx(), req("tools/call", { arguments: {} })));
assert.equal(e.code, -32602n);

// Unknown methods and notifications pass through unchanged.
reset();
r = ok(handler.handle(ctx(), req("custom/echo", { x: [1, "two"] }, "s")));
assert.deepEqual(r, { x: [1, "two"] });
assert.deepEqual(downstream()[0].id, { tag: "text", val: "s" });
assert.equal(handler.handle(ctx(), req("resources/list")), undefined);
assert.equal(handler.handle(ctx(), note("notifications/initialized")).val, "null");
assert.equal(downstream()[2].id, undefined);
assert.equal(globalThis.calls.filter((c) => c.name !== "handle").length, 0, "the provider is not asked about other methods");

// Many calls in a row (the Go garbage collector runs in between).
for (let i = 0; i < 300; i++) {
  r = ok(handler.handle(ctx(), req("tools/call", { name: "add", arguments: { a: i, b: 1 } })));
  assert.equal(r.structuredContent.sum, i + 1);
}
console.log("ok");
