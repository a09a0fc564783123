// The imports of the shapes guest (interface test:shapes/host), in JavaScript.
export const stats = { pings: 0, blobsDropped: 0, received: [] };

export class Blob {
  constructor(init) { this.data = Array.from(init); }
  write(bytes) { this.data.push(...bytes); }
  read(n) { return Uint8Array.from(this.data.slice(0, n)); }
  size() { return this.data.length; }
  [Symbol.dispose]() { stats.blobsDropped++; }
}

export function echo(e) { stats.received.push(e); return e; }
export function echoList(xs) { return xs; }
export function echoStrings(xs) { return xs; }
export function echoOuter(o) { return o; }
export function many(...args) {
  return JSON.stringify(args, (_, v) => (typeof v === "bigint" ? v.toString() + "n" : v));
}
export function fail(ok) {
  if (ok) return "fine";
  throw { payload: "blue" };
}
export function ping() { stats.pings++; }
