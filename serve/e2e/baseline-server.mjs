// A plain MCP server written with the official TypeScript SDK, for comparison
// with `wasmcp serve` in bench.mjs: one tool, echo, that answers the JSON of
// its arguments like the example echo plugin, over Streamable HTTP on /mcp
// (a session per client), with the same Bearer token check.
//
//   node serve/e2e/baseline-server.mjs [--port N] [--token T]
//
// It prints "listening on http://127.0.0.1:PORT" once ready.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, token: { type: 'string', default: '' } } });

function newMcpServer() {
  const server = new Server({ name: 'baseline-echo', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{
      name: 'echo',
      description: 'return the JSON object of the arguments',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    if (req.params.name !== 'echo') throw new Error(`unknown tool ${req.params.name}`);
    const args = req.params.arguments ?? {};
    if (typeof args.message !== 'string') {
      return { content: [{ type: 'text', text: 'echo: missing argument "message"' }], isError: true };
    }
    return { content: [{ type: 'text', text: JSON.stringify(args) }] };
  });
  return server;
}

const transports = new Map();

async function readJSON(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

const http = createServer(async (req, res) => {
  try {
    if (!req.url.startsWith('/mcp')) { res.writeHead(404).end(); return; }
    if (values.token && req.headers.authorization !== `Bearer ${values.token}`) { res.writeHead(401).end(); return; }
    const sid = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readJSON(req) : undefined;
    let transport = sid ? transports.get(sid) : undefined;
    if (!transport) {
      if (sid || req.method !== 'POST' || !isInitializeRequest(body)) {
        res.writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'no valid session' }, id: null }));
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => { if (transport.sessionId) transports.delete(transport.sessionId); };
      await newMcpServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500).end(String(e));
  }
});

http.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${http.address().port}`);
});
