// oauth.mjs drives a composed server in oauth mode with the MCP TypeScript
// SDK's Streamable HTTP client: a valid JWT (tools/list, tools/call, the
// identity a component sees), refusals without a token, with one lacking
// the scope and with an expired one, and the SDK's discovery of the RFC 9728
// metadata from the 401 challenge. Prints PASS at the end; oauth_test.go
// runs it.
//
//   E2E_URL=… E2E_ISSUER=… E2E_SCOPE=… E2E_TOKEN=… E2E_TOKEN_NO_SCOPE=… E2E_TOKEN_EXPIRED=… node oauth.mjs
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from "@modelcontextprotocol/sdk/client/auth.js";

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}
const base = env("E2E_URL");
const issuer = env("E2E_ISSUER");
const scope = env("E2E_SCOPE");
const ok = (msg) => console.log(`ok   ${msg}`);

async function connect(token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const t = new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers } });
  const c = new Client({ name: "wasmcp-e2e-oauth", version: "1.0.0" });
  await c.connect(t);
  return c;
}
const text = (r) => { assert.equal(r.content?.length, 1); return r.content[0].text; };

const c = await connect(env("E2E_TOKEN"));
const { tools } = await c.listTools();
assert.deepEqual(tools.map((t) => t.name).sort(), ["add", "multiply", "slow_count", "whoami"]);
assert.equal(text(await c.callTool({ name: "add", arguments: { a: 2, b: 3 } })), "5");
const me = JSON.parse(text(await c.callTool({ name: "whoami", arguments: {} })));
assert.equal(me.subject, "alice");
assert.equal(me.claims.sub, "alice");
assert.equal(me.claims.iss, issuer);
assert.equal(me.claims.tenant, "t-42");
assert.ok(me.claims.scope.split(" ").includes(scope), me.claims.scope);
assert.equal(typeof me.claims.exp, "number");
await c.close();
ok("a valid JWT: tools/list, tools/call, and the component sees subject and claims");

async function refused(what, tok, status) {
  let err;
  try {
    const c = await connect(tok);
    await c.close();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what} was accepted`);
  assert.equal(err?.code, status, `${what}: ${err}`);
  ok(`${what}: refused (${status})`);
}
await refused("no token", undefined, 401);
await refused("a token without the scope", env("E2E_TOKEN_NO_SCOPE"), 403);
await refused("an expired token", env("E2E_TOKEN_EXPIRED"), 401);

const res = await fetch(new URL("/mcp", base), {
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
});
assert.equal(res.status, 401);
const params = extractWWWAuthenticateParams(res);
assert.equal(params.resourceMetadataUrl?.href, new URL("/.well-known/oauth-protected-resource", base).href);
assert.equal(params.scope, scope);
const meta = await discoverOAuthProtectedResourceMetadata(new URL("/mcp", base), { resourceMetadataUrl: params.resourceMetadataUrl });
assert.equal(meta.resource, base);
assert.deepEqual(meta.authorization_servers, [issuer]);
assert.deepEqual(meta.scopes_supported, [scope]);
const found = await discoverOAuthProtectedResourceMetadata(new URL("/mcp", base));
assert.equal(found.resource, base);
ok("401 challenge → resource_metadata → RFC 9728 document (SDK discovery)");

console.log("PASS");
