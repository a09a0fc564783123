// Calls every export of the shapes guest and checks the values that come back
// after a trip Node → Go (export) → Node (import) → Go → Node.
import assert from "node:assert/strict";
import { api } from "./out/shapes.js";
import { stats, many as hostMany } from "./host.js";

const mixed = { a: 255, b: 2n ** 64n - 1n, c: 65535, d: 1.5, e: -128, f: Math.PI, g: true, h: "😀", s: "ünïcode ✓ 日本", i: -2147483648, j: -(2n ** 63n) };
const flags32 = {};
for (let i = 0; i < 32; i++) flags32["b" + i] = i % 3 === 0 || i === 31;
const bytes = new Uint8Array(100000);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;

const everything = {
  mixed,
  color: "blue",
  small: { a: true, b: false, c: true },
  big: flags32,
  outer: { tag: "many", val: [{ tag: "num", val: 2n ** 64n - 1n }, { tag: "text", val: "" }, { tag: "ratio", val: 0.25 }, { tag: "empty" }] },
  maybe: "",
  maybeNum: { tag: "some", val: undefined },
  res: { tag: "err", val: "bad ✗" },
  unitRes: { tag: "ok", val: undefined },
  emptyRes: { tag: "err", val: undefined },
  tup: ["", 7, Uint16Array.of(1, 65535)],
  bytes,
  strs: ["", "a", "日本語", "x".repeat(1000)],
  recs: Array.from({ length: 1000 }, (_, i) => ({ ...mixed, a: i & 0xff, s: i % 2 ? "" : "s" + i })),
  floats: Float64Array.of(0, -0, Infinity, 1e308, NaN),
  bools: [true, false, true],
};
const checks = [];
const check = (name, f) => { f(); checks.push(name); };

check("record of every shape, 100k-byte list, 1000 records", () => {
  const got = api.echo(everything);
  assert.deepStrictEqual(got, everything);
  assert.deepStrictEqual(stats.received.at(-1), everything);
});
check("other option/result cases", () => {
  const e2 = { ...everything, maybe: undefined, maybeNum: { tag: "none" }, res: { tag: "ok", val: 4294967295 }, unitRes: { tag: "err", val: "green" }, emptyRes: { tag: "ok", val: undefined }, outer: { tag: "nothing" }, strs: [], recs: [], bytes: new Uint8Array(0) };
  assert.deepStrictEqual(api.echo(e2), e2);
  const e3 = { ...e2, maybeNum: { tag: "some", val: 0 } };
  assert.deepStrictEqual(api.echo(e3), e3);
});
check("100k-element list<u32>", () => {
  const xs = new Uint32Array(100000);
  for (let i = 0; i < xs.length; i++) xs[i] = (i * 2654435761) >>> 0;
  assert.deepStrictEqual(api.echoList(xs), xs);
  assert.deepStrictEqual(api.echoList(new Uint32Array(0)), new Uint32Array(0));
});
check("10k unicode strings", () => {
  const ss = Array.from({ length: 10000 }, (_, i) => (i % 5 === 0 ? "" : "é✓😀" + i));
  assert.deepStrictEqual(api.echoStrings(ss), ss);
});
check("nested variants with joined flat types", () => {
  for (const o of [
    { tag: "wrapped", val: { tag: "num", val: 1n } },
    { tag: "wrapped", val: { tag: "ratio", val: -0.5 } },
    { tag: "wrapped", val: { tag: "text", val: "ünï" } },
    { tag: "wrapped", val: { tag: "empty" } },
    { tag: "many", val: [] },
    { tag: "many", val: [{ tag: "ratio", val: 3.25 }, { tag: "num", val: 0n }] },
    { tag: "pair", val: [-5, 2.5] },
    { tag: "nothing" },
    { tag: "color", val: "green" },
  ]) assert.deepStrictEqual(api.echoOuter(o), o);
});
check(">16 flat params spilled both ways", () => {
  const args = [4294967295, 2n ** 64n - 1n, 1.25, -1e-300, "ü", 255, -32768, true, "😀", -(2n ** 63n), -2.5, 1, -128, 65535, -2147483648, "", 0];
  assert.equal(api.many(...args), hostMany(...args));
});
check("result ok and err", () => {
  assert.equal(api.fail(true), "fine");
  assert.throws(() => api.fail(false), (e) => e.payload === "blue");
});
check("option some and none", () => {
  assert.equal(api.maybe(21), 42);
  assert.equal(api.maybe(undefined), undefined);
});
check("32 flags", () => {
  const want = { ...flags32, b0: !flags32.b0, b31: !flags32.b31 };
  assert.deepStrictEqual(api.big(flags32), want);
});
check("imported resource created, methods called, dropped", () => {
  const [n, data] = api.blobRoundtrip(Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5));
  assert.equal(n, 5);
  assert.deepStrictEqual(data, Uint8Array.of(1, 2, 3, 4, 5));
  assert.equal(stats.blobsDropped, 1);
});
check("exported resource created, borrowed, dropped", () => {
  const c1 = new api.Counter(5);
  assert.equal(c1.add(3), 8);
  assert.equal(c1.get(), 8);
  assert.equal(c1.label(), "counter-5");
  const c2 = new api.Counter(10);
  const m = api.Counter.merge(c1, c2);
  assert.equal(m.get(), 18);
  assert.equal(m.label(), "counter-5+counter-10");
  assert.equal(api.liveCounters(), 3);
  c1[Symbol.dispose]();
  assert.equal(api.liveCounters(), 2);
  c2[Symbol.dispose]();
  m[Symbol.dispose]();
  assert.equal(api.liveCounters(), 0);
});
check("exported resource moved into the component (own parameter)", () => {
  const c = new api.Counter(7);
  c.add(1);
  assert.equal(api.liveCounters(), 1);
  assert.equal(api.consume(c), 8);
  assert.equal(api.liveCounters(), 0);
  assert.throws(() => c.get());
});
check("no-result import", () => {
  assert.equal(api.ping(), 1);
  assert.equal(stats.pings, 1);
});
check("memory stays valid across garbage collections (50 large calls)", () => {
  for (let i = 0; i < 50; i++) {
    const e = { ...everything, strs: ["round " + i, "é".repeat(i)], tup: ["t" + i, i & 0xff, Uint16Array.of(i)] };
    assert.deepStrictEqual(api.echo(e), e);
  }
});
check("pins released by post-return and after lifting", () => {
  api.echo(everything);
  assert.equal(api.pinned(), 0);
  api.echoStrings(["a", "b"]);
  assert.equal(api.pinned(), 0);
});
console.log(JSON.stringify({ ok: true, checks }));
