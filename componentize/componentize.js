// Turns a core module into a component with jco's bundled wasm-tools:
// optional `component embed` of a WIT world, then `component new` with the
// wasi_snapshot_preview1 adapter. Invoked by the Go package componentize with
// one JSON request on stdin; every byte is passed in memory except the WIT
// directory, for which a "/" preopen is added (jco's wasm-side tools have no
// preopens of their own).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";

const req = JSON.parse(readFileSync(0, "utf8"));
process.on("uncaughtException", (e) => {
  // wasm-tools errors carry their cause chain in the payload.
  const detail = e && e.payload && e.payload !== e.message ? `: ${e.payload}` : "";
  process.stderr.write(`${e && e.message ? e.message : e}${detail}\n`);
  process.exit(1);
});
const nm = req.nodeModules;
const fsShim = await import(pathToFileURL(join(nm, "@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js")).href);
fsShim._addPreopen("/", "/");
const tools = await import(pathToFileURL(join(nm, "@bytecodealliance/jco-transpile/dist/wasm-tools.js")).href);

let bytes = new Uint8Array(readFileSync(req.core));
if (req.witDir) {
  bytes = await tools.componentEmbed({ binary: bytes, witPath: resolve(req.witDir), world: req.world || undefined });
}
const adapter = new Uint8Array(readFileSync(req.adapter));
const out = await tools.componentNew(bytes, [["wasi_snapshot_preview1", adapter]]);
writeFileSync(req.out, out);
