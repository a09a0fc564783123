// wasi:keyvalue/store@0.2.0-draft for jco, which does not provide it: the
// buckets live in this process's memory, as a host's in-memory store does.
// Every identifier opens its own bucket, created empty on first use.
const buckets = new Map();

export class Bucket {
  constructor(map) {
    this.map = map;
  }
  get(key) {
    const v = this.map.get(key);
    return v === undefined ? undefined : new Uint8Array(v);
  }
  set(key, value) {
    this.map.set(key, new Uint8Array(value));
  }
  delete(key) {
    this.map.delete(key);
  }
  exists(key) {
    return this.map.has(key);
  }
}

export function open(identifier) {
  let m = buckets.get(identifier);
  if (!m) {
    m = new Map();
    buckets.set(identifier, m);
  }
  return new Bucket(m);
}
