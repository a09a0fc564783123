// Helpers shared by the end-to-end scripts: MCP TypeScript SDK clients over
// either transport, the admin API, and small assertion utilities.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export const TRANSPORTS = ['streamable', 'sse'];

// env reads a required environment variable.
export function env(name, fallback) {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set`);
  return v;
}

// connect opens an MCP session to base (http://host:port) over the named
// transport, sending token as a Bearer token when given. The transport
// 'stdio' instead starts the server command of E2E_STDIO_COMMAND with the
// JSON array of arguments E2E_STDIO_ARGS, one process per session.
export async function connect(base, transport, token, name = 'wasmcp-e2e') {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let t;
  if (transport === 'stdio') {
    t = new StdioClientTransport({ command: env('E2E_STDIO_COMMAND'), args: JSON.parse(env('E2E_STDIO_ARGS', '[]')), stderr: 'ignore' });
  } else if (transport === 'sse') {
    t = new SSEClientTransport(new URL('/sse', base), { requestInit: { headers } });
  } else {
    t = new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers } });
  }
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(t);
  return client;
}

// text returns the text of a tool result's single text content item.
export function text(result) {
  if (!result || !Array.isArray(result.content) || result.content.length !== 1 || result.content[0].type !== 'text') {
    throw new Error(`unexpected tool result ${JSON.stringify(result)}`);
  }
  return result.content[0].text;
}

// admin sends one admin API request; wasmPath and pluginData make a
// multipart upload. It resolves to {status, body}.
export async function admin(base, token, method, path, { wasmPath, pluginData } = {}) {
  const init = { method, headers: {} };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (wasmPath) {
    const form = new FormData();
    form.append('wasmFile', new Blob([readFileSync(wasmPath)], { type: 'application/wasm' }), basename(wasmPath));
    form.append('pluginData', JSON.stringify(pluginData));
    init.body = form;
  }
  const res = await fetch(new URL(path, base), init);
  const body = await res.text();
  return { status: res.status, body };
}

// percentile of a sorted array of numbers.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
