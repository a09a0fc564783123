// subscribe.mjs: two MCP TypeScript SDK clients on one session-enabled
// server. A subscribes to test://watched-resource; B's tool calls report
// it updated and the tool list changed. A must get the update through its
// GET stream (B, not subscribed, must not), both the list change, and A
// nothing more once it unsubscribed. Prints one JSON object.
//
//   node subscribe.mjs http://127.0.0.1:PORT/mcp
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(process.argv[2]);
const uri = "test://watched-resource";

async function client(name) {
  const seen = { updated: [], listChanged: 0 };
  const c = new Client({ name, version: "1.0.0" });
  c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { seen.updated.push(n.params.uri); });
  c.setNotificationHandler(ToolListChangedNotificationSchema, () => { seen.listChanged++; });
  await c.connect(new StreamableHTTPClientTransport(url));
  return { c, seen };
}

// until waits for cond, at most ms milliseconds; it reports whether cond held.
async function until(cond, ms) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

const a = await client("subscriber");
const b = await client("bystander");
const out = { capabilities: a.c.getServerCapabilities().resources ?? null };
out.subscribe = await a.c.subscribeResource({ uri });
await b.c.callTool({ name: "test_update_resource", arguments: {} });
out.delivered = await until(() => a.seen.updated.length >= 1, 20000);
await b.c.callTool({ name: "test_list_changed", arguments: {} });
out.listChanged = await until(() => a.seen.listChanged >= 1 && b.seen.listChanged >= 1, 20000);
out.unsubscribe = await a.c.unsubscribeResource({ uri });
await b.c.callTool({ name: "test_update_resource", arguments: {} });
// A reconnects its stream at least once in this time, on every runtime.
await new Promise((r) => setTimeout(r, 3500));
out.aUpdated = a.seen.updated;
out.bUpdated = b.seen.updated;
out.aListChanged = a.seen.listChanged;
out.bListChanged = b.seen.listChanged;
await a.c.close();
await b.c.close();
console.log(JSON.stringify(out));
