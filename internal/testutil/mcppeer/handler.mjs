// A minimal head of the chain for tests of a transport on its own: the
// wasmcp:mcp/handler interface the transport imports.
//
// initialize: tools capability and instructions; tools/list: echo and fail;
// tools/call echo: logs "echoing", reports progress when asked, answers the
// text; tools/call fail: a JSON-RPC error; test/context: the request context
// and message as the transport passed them; notifications: acted on
// ("null"); anything else: none (not handled).
import { log, progress, openChannels } from "./channels.mjs";

const ok = (v) => ({ tag: "ok", val: JSON.stringify(v) });

export function handle(ctx, message) {
  switch (message.method) {
    case "initialize":
      return ok({ capabilities: { tools: {} }, instructions: "Test handler." });
    case "tools/list":
      return ok({
        tools: [
          { name: "echo", description: "Echoes text.", inputSchema: { type: "object", properties: { text: { type: "string" } } } },
          { name: "fail", description: "Fails.", inputSchema: { type: "object" } },
        ],
      });
    case "tools/call": {
      const p = JSON.parse(message.params ?? "{}");
      if (p.name === "echo") {
        log(ctx.channel, "info", "echo", JSON.stringify("echoing"));
        if (ctx.progressToken !== undefined) {
          progress(ctx.channel, ctx.progressToken, 1, 2);
          progress(ctx.channel, ctx.progressToken, 2, 2);
        }
        return ok({ content: [{ type: "text", text: String(p.arguments?.text ?? "") }] });
      }
      if (p.name === "fail") {
        return { tag: "err", val: { code: -32603n, message: "Internal error: fail" } };
      }
      return undefined;
    }
    case "test/context": {
      const id = message.id === undefined ? null : { tag: message.id.tag, val: String(message.id.val) };
      return ok({
        protocolVersion: ctx.protocolVersion,
        sessionId: ctx.sessionId ?? null,
        progressToken: ctx.progressToken ?? null,
        channel: String(ctx.channel),
        openChannels: openChannels(),
        id,
        params: message.params ?? null,
      });
    }
  }
  if (message.id === undefined) return ok(null);
  return undefined;
}
