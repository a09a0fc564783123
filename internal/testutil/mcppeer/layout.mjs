// The layout of a framework program run on its own: no provider in its
// slots, and the imported handler (handler.mjs) below it.
export function count(kind) {
  return kind === "next" ? 1 : 0;
}
