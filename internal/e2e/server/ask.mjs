// ask.mjs: MCP TypeScript SDK clients with the sampling and elicitation
// capabilities call the conformance example's test_sampling and
// test_elicitation (then test_roots and test_elicitation_url), which ask
// the client back (wasmcp:mcp/client) during
// the call. N clients run at once, each answering with text of its own, so
// that every answer must reach its own call. Prints one JSON object.
//
//   node ask.mjs http http://127.0.0.1:PORT/mcp N
//   node ask.mjs stdio '["wasmtime-host","run","server.wasm"]' 1
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [mode, target, count] = process.argv.slice(2);
const n = Number(count ?? 1);

async function one(i) {
  const transport = mode === "http"
    ? new StreamableHTTPClientTransport(new URL(target))
    : (() => { const [command, ...args] = JSON.parse(target); return new StdioClientTransport({ command, args, stderr: "inherit" }); })();
  const c = new Client({ name: `asked-${i}`, version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: {} } });
  const seen = { sampling: [], elicitation: [] };
  c.setRequestHandler(CreateMessageRequestSchema, async (r) => {
    seen.sampling.push(r.params);
    await new Promise((res) => setTimeout(res, 30 * (i % 3)));
    return { role: "assistant", content: { type: "text", text: `client ${i} read: ${r.params.messages[0].content.text}` }, model: `model-${i}`, stopReason: "endTurn" };
  });
  c.setRequestHandler(ElicitRequestSchema, async (r) => {
    if (r.params.mode === "url") {
      seen.url = r.params;
      return { action: i % 2 ? "decline" : "accept" };
    }
    seen.elicitation.push(r.params);
    return { action: "accept", content: { username: `user-${i}`, email: `user-${i}@example.com` } };
  });
  c.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: `file:///client-${i}`, name: `root ${i}` }] }));
  await c.connect(transport);
  const out = { i };
  out.sampling = (await c.callTool({ name: "test_sampling", arguments: { prompt: `prompt of ${i}` } })).content[0].text;
  out.elicitation = (await c.callTool({ name: "test_elicitation", arguments: { message: `message for ${i}` } })).content[0].text;
  out.roots = (await c.callTool({ name: "test_roots", arguments: {} })).content[0].text;
  out.urlElicitation = (await c.callTool({ name: "test_elicitation_url", arguments: { url: `https://example.com/login/${i}` } })).content[0].text;
  out.urlParams = seen.url ?? null;
  out.samplingParams = seen.sampling[0] ?? null;
  out.elicitationParams = seen.elicitation[0] ?? null;
  await c.close();
  return out;
}

const results = await Promise.all([...Array(n).keys()].map(one));
console.log(JSON.stringify({ results }));
