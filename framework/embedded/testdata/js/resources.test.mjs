// The framework program's resources middleware: a provider with one resource and one template
// (serving every URI the template matches), and the next link.
import assert from "node:assert/strict";
import { ctx, req, note, ok, err, downstream, reset } from "./lib.mjs";

globalThis.hooks = {
  listResources(c, cursor) {
    return { resources: [{ uri: "mem://readme", name: "readme", mimeType: "text/markdown", size: 5n, icons: [] }] };
  },
  listResourceTemplates(c, cursor) {
    return { resourceTemplates: [{ uriTemplate: "mem://users/{id}", name: "user", icons: [] }] };
  },
  readResource(c, r) {
    if (r.uri === "mem://readme") return { tag: "ok", val: { contents: [{ uri: r.uri, mimeType: "text/markdown", body: { tag: "text", val: "# hi\n" } }] } };
    const m = /^mem:\/\/users\/([^/]+)$/.exec(r.uri);
    if (m) return { tag: "ok", val: { contents: [{ uri: r.uri, body: { tag: "blob", val: new TextEncoder().encode(m[1]) } }] } };
    return undefined;
  },
  handle(c, m) {
    switch (m.method) {
      case "initialize":
        return { tag: "ok", val: JSON.stringify({ capabilities: { tools: {} } }) };
      case "resources/list":
        return { tag: "ok", val: JSON.stringify({ resources: [{ uri: "file:///etc/motd", name: "motd" }] }) };
      case "resources/templates/list":
        return undefined;
      case "resources/read":
        if (JSON.parse(m.params).uri === "file:///etc/motd") return { tag: "ok", val: JSON.stringify({ contents: [{ uri: "file:///etc/motd", text: "welcome" }] }) };
        return undefined;
    }
    return undefined;
  },
};

globalThis.layout = { resources: 1, next: 1 };
const { handler } = await import("./out/server-http.js");

let r = ok(handler.handle(ctx(), req("initialize", { protocolVersion: "2025-06-18" })));
assert.deepEqual(r.capabilities, { tools: {}, resources: {} });

r = ok(handler.handle(ctx(), req("resources/list")));
assert.deepEqual(r.resources, [
  { uri: "mem://readme", name: "readme", mimeType: "text/markdown", size: 5 },
  { uri: "file:///etc/motd", name: "motd" },
]);

// Downstream answers none for templates: the list holds only the provider's.
r = ok(handler.handle(ctx(), req("resources/templates/list")));
assert.deepEqual(r.resourceTemplates, [{ uriTemplate: "mem://users/{id}", name: "user" }]);

reset();
r = ok(handler.handle(ctx(), req("resources/read", { uri: "mem://readme" })));
assert.deepEqual(r.contents, [{ uri: "mem://readme", mimeType: "text/markdown", text: "# hi\n" }]);
assert.equal(downstream().length, 0);

// A URI the provider's template matches: bytes, base64 on the wire.
r = ok(handler.handle(ctx(), req("resources/read", { uri: "mem://users/ada" })));
assert.deepEqual(r.contents, [{ uri: "mem://users/ada", blob: "YWRh" }]);

// Not the provider's: downstream.
reset();
r = ok(handler.handle(ctx(), req("resources/read", { uri: "file:///etc/motd" })));
assert.equal(r.contents[0].text, "welcome");
assert.equal(downstream().length, 1);
assert.equal(handler.handle(ctx(), req("resources/read", { uri: "nope://x" })), undefined);

// Missing uri: -32602.
assert.equal(err(handler.handle(ctx(), req("resources/read", {}))).code, -32602n);

// Other methods are not the middleware's.
reset();
assert.equal(handler.handle(ctx(), req("tools/list")), undefined);
assert.equal(handler.handle(ctx(), note("notifications/cancelled", { requestId: 3 })), undefined);
assert.deepEqual(downstream().map((m) => m.method), ["tools/list", "notifications/cancelled"]);
assert.equal(globalThis.calls.filter((c) => c.name !== "handle").length, 0);
console.log("ok");
