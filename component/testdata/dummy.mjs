// Builds a component the way toolchains do (wit-component inside jco): the
// world's component type is embedded into a core module — a dummy one, or
// CORE.wasm when given — then `component new` runs, with the WASI preview1
// adapter when given.
// Usage: node dummy.mjs WORLD.wit WORLD OUT.wasm [ADAPTER.wasm|-] [CORE.wasm]
import { readFile, writeFile } from "node:fs/promises";
import { componentEmbed, componentNew } from "@bytecodealliance/jco";

const [witFile, world, out, adapter, core] = process.argv.slice(2);
const witSource = await readFile(witFile, "utf8");
const opts = { witSource, world };
if (core) {
  opts.binary = await readFile(core);
} else {
  opts.dummy = true;
}
const embedded = await componentEmbed(opts);
const adapters = adapter && adapter !== "-" ? [["wasi_snapshot_preview1", await readFile(adapter)]] : [];
await writeFile(out, await componentNew(embedded, adapters));
