// baseline-server.mjs: the reference point of bench/run.sh. A plain MCP
// TypeScript SDK server (Streamable HTTP on /mcp, stateless, JSON answers)
// with the same `add` tool as examples/tools, on the same machine.
//
//   node bench/baseline-server.mjs PORT
import http from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const port = Number(process.argv[2] ?? 18700);

function newServer() {
  const server = new Server({ name: "baseline", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{
      name: "add", description: "Adds two numbers.",
      inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const { a, b } = req.params.arguments ?? {};
    if (req.params.name !== "add" || typeof a !== "number" || typeof b !== "number") {
      return { content: [{ type: "text", text: "bad call" }], isError: true };
    }
    return { content: [{ type: "text", text: String(a + b) }] };
  });
  return server;
}

// Stateless, as the SDK documents it: a server and a transport per request.
http.createServer(async (req, res) => {
  if (req.url !== "/mcp" || req.method !== "POST") {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = JSON.parse(Buffer.concat(chunks).toString());
  const server = newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => { transport.close(); server.close(); });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}).listen(port, "127.0.0.1", () => console.log(`baseline listening on http://127.0.0.1:${port}/mcp`));
