// wasi:keyvalue/store@0.2.0-draft for jco, kept in files: one directory
// per bucket under $WASMCP_TEST_KV_DIR, one file per key (its name the key
// in hex). Several jco serve processes given the same directory share the
// store, as the instances of one server share a host's store. Writes go
// to a temporary file renamed into place, so that a reader never sees half
// a value.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = process.env.WASMCP_TEST_KV_DIR;
if (!root) throw new Error("filekv.mjs: WASMCP_TEST_KV_DIR is not set");
let seq = 0;

export class Bucket {
  constructor(dir) {
    this.dir = dir;
  }
  path(key) {
    return join(this.dir, Buffer.from(key, "utf8").toString("hex") || "_");
  }
  get(key) {
    try {
      return new Uint8Array(readFileSync(this.path(key)));
    } catch (e) {
      if (e.code === "ENOENT") return undefined;
      throw { tag: "other", val: String(e) };
    }
  }
  set(key, value) {
    const tmp = join(this.dir, `.tmp-${process.pid}-${seq++}`);
    writeFileSync(tmp, value);
    renameSync(tmp, this.path(key));
  }
  delete(key) {
    rmSync(this.path(key), { force: true });
  }
  exists(key) {
    return existsSync(this.path(key));
  }
}

export function open(identifier) {
  const dir = join(root, Buffer.from(identifier, "utf8").toString("hex") || "_");
  mkdirSync(dir, { recursive: true });
  return new Bucket(dir);
}
