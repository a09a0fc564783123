// client.mjs drives a composed wasmcp server with the MCP TypeScript SDK
// client and prints what it saw as one JSON object on the last line of
// stdout; the Go test (server_test.go) checks it.
//
//   node client.mjs http http://127.0.0.1:PORT/mcp
//   node client.mjs stdio '["node","jco.js","run","stdio.wasm"]'
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [mode, target] = process.argv.slice(2);
let transport;
if (mode === "http") {
  transport = new StreamableHTTPClientTransport(new URL(target));
} else if (mode === "stdio") {
  const [command, ...args] = JSON.parse(target);
  transport = new StdioClientTransport({ command, args, stderr: "inherit" });
} else {
  throw new Error(`usage: client.mjs http URL | stdio ARGV_JSON`);
}

const client = new Client({ name: "wasmcp-e2e", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
await client.connect(transport);

// errorOf runs f and returns "code message" of the error it throws.
async function errorOf(f) {
  try { await f(); return "no error"; } catch (e) { return `${e.code} ${e.message}`; }
}

const out = {
  protocolVersion: transport.protocolVersion ?? null,
  server: client.getServerVersion(),
  capabilities: client.getServerCapabilities(),
};
out.tools = (await client.listTools()).tools.map((t) => ({ name: t.name, schema: t.inputSchema, outputSchema: t.outputSchema ?? null }));
out.add = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
out.multiply = await client.callTool({ name: "multiply", arguments: { a: 6, b: 7 } });
out.badArgs = await errorOf(() => client.callTool({ name: "add", arguments: { a: 1 } }));
out.unknownTool = await errorOf(() => client.callTool({ name: "no_such_tool", arguments: {} }));
await client.setLoggingLevel("info");
const progress = [];
out.slowCount = await client.callTool({ name: "slow_count", arguments: { n: 3, delay_ms: 20 } }, undefined,
  { onprogress: (p) => progress.push(p) });
// Notifications are dispatched in microtasks after the response on some
// transports: give them a moment.
await new Promise((r) => setTimeout(r, 200));
out.progress = progress;
out.logs = logs;
out.resources = (await client.listResources()).resources.map((r) => r.uri);
out.templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
out.readIndex = await client.readResource({ uri: "notes://index" });
out.readPixel = await client.readResource({ uri: "notes://pixel.png" });
out.readNote = await client.readResource({ uri: "notes://topic/wasm" });
out.unknownResource = await errorOf(() => client.readResource({ uri: "nothing://here" }));
out.prompts = (await client.listPrompts()).prompts;
out.prompt = await client.getPrompt({ name: "explain", arguments: { topic: "mcp", audience: "a student" } });
out.unknownPrompt = await errorOf(() => client.getPrompt({ name: "no_such_prompt" }));
out.ping = await client.ping();
// A server with sessions issued one at initialize; ending it is DELETE.
out.sessionId = transport.sessionId ?? null;
if (mode === "http" && out.sessionId) {
  await transport.terminateSession();
  out.afterTerminate = transport.sessionId ?? null;
}
await client.close();
console.log(JSON.stringify(out));
