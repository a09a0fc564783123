// Builds a component the way toolchains do (wit-component inside jco): a
// dummy core module for a WIT world, then `component new`.
// Usage: node dummy.mjs WORLD.wit WORLD OUT.wasm [ADAPTER.wasm]
import { readFile, writeFile } from "node:fs/promises";
import { componentEmbed, componentNew } from "@bytecodealliance/jco";

const [witFile, world, out, adapter] = process.argv.slice(2);
const witSource = await readFile(witFile, "utf8");
const embedded = await componentEmbed({ dummy: true, witSource, world });
const adapters = adapter ? [["wasi_snapshot_preview1", await readFile(adapter)]] : [];
await writeFile(out, await componentNew(embedded, adapters));
