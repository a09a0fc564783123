// jcopool.mjs: a concurrent runtime made of jco serve processes. Each
// backend is one jco serve of the same server, one instance serving one
// request at a time; this proxy hands each request to an idle backend (and
// queues it while none is), so that requests are served at once as on
// wasmtime serve. The backends share wasi:keyvalue through filekv.mjs.
//
//   node jcopool.mjs PORT BACKEND_URL...
import http from "node:http";

const [port, ...backends] = process.argv.slice(2);
const busy = backends.map(() => 0);
const waiting = [];

function acquire() {
  const i = busy.indexOf(0);
  if (i >= 0) {
    busy[i]++;
    return Promise.resolve(i);
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(i) {
  const next = waiting.shift();
  if (next) next(i);
  else busy[i]--;
}

http.createServer(async (req, res) => {
  const i = await acquire();
  let released = false;
  const done = () => { if (!released) { released = true; release(i); } };
  const url = new URL(req.url, backends[i]);
  const out = http.request(url, { method: req.method, headers: req.headers }, (back) => {
    res.writeHead(back.statusCode, back.headers);
    back.pipe(res);
    back.on("end", done);
    back.on("error", done);
  });
  out.on("error", (e) => { done(); res.writeHead(502); res.end(String(e)); });
  res.on("close", () => { out.destroy(); done(); });
  req.pipe(out);
}).listen(Number(port), "127.0.0.1");
