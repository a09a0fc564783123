// The imports of the transpiled framework program, implemented in JavaScript:
// each call is delegated to globalThis.hooks, which a test script fills in
// before it imports the part, and recorded in globalThis.calls.
function hook(name) {
  return (...args) => {
    globalThis.calls ??= [];
    globalThis.calls.push({ name, args });
    const f = globalThis.hooks?.[name];
    if (!f) throw new Error(`test hook ${name} not set`);
    return f(...args);
  };
}

// wasmcp:mcp/handler (the next link of the chain)
export const handle = hook("handle");
// wasmcp:mcp/tools
export const listTools = hook("listTools");
export const callTool = hook("callTool");
// wasmcp:mcp/resources
export const listResources = hook("listResources");
export const listResourceTemplates = hook("listResourceTemplates");
export const readResource = hook("readResource");
// wasmcp:mcp/prompts
export const listPrompts = hook("listPrompts");
export const getPrompt = hook("getPrompt");
// wasmcp:mcp/completions
export const complete = hook("complete");
// wasmcp:framework/layout: what the script puts in globalThis.layout
// ({ tools: 1, next: 1 }, …), read when the program first handles a message.
export function count(kind) {
  return globalThis.layout?.[kind] ?? 0;
}
// wasmcp:framework/notifications (the Go-free channel)
export const open = hook("open");
export const drain = hook("drain");
export const close = hook("close");
