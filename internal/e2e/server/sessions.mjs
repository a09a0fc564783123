// sessions.mjs: N MCP TypeScript SDK clients, each in a session of its own,
// fill the test cart (testdata/cart, wasmcp:mcp/session) at the same time,
// show it, clear it, add one more item and end their sessions (DELETE).
// Then a new client shows its cart, and a request naming an ended session
// is answered. Prints one JSON object.
//
//   node sessions.mjs http://127.0.0.1:PORT/mcp N
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = new URL(process.argv[2]);
const n = Number(process.argv[3] ?? 8);

async function connect(name) {
  const c = new Client({ name, version: "1.0.0" });
  const t = new StreamableHTTPClientTransport(url);
  await c.connect(t);
  return { c, t };
}

async function call(c, name, args = {}) {
  const r = await c.callTool({ name, arguments: args });
  const text = r.content[0].text;
  return r.isError ? { error: text } : JSON.parse(text);
}

async function one(i) {
  const { c, t } = await connect(`cart-${i}`);
  const out = { sid: t.sessionId };
  for (const item of ["apple", "pear", "plum"]) await call(c, "cart_add", { item: `s${i}-${item}` });
  out.shown = await call(c, "cart_show");
  out.cleared = await call(c, "cart_clear");
  out.last = await call(c, "cart_add", { item: `s${i}-last` });
  await t.terminateSession();
  await c.close();
  return out;
}

const results = await Promise.all([...Array(n).keys()].map(one));
const { c, t } = await connect("fresh");
const fresh = await call(c, "cart_show");
await t.terminateSession();
await c.close();
// A request in an ended session: 404, the session is gone.
const ended = await fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Session-Id": results[0].sid, "Mcp-Protocol-Version": "2025-06-18" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "cart_show", arguments: {} } }),
});
console.log(JSON.stringify({ results, fresh, endedStatus: ended.status }));
