// Writes the lockfile of the TypeScript templates,
// templates/files/typescript/_shared/package-lock.json.tmpl, from the
// repository's package-lock.json: the entries that the template's
// devDependencies reach, at the versions wasmcp itself is tested with. A new
// project installs exactly what the template's build was tested against, and
// `npm ci --offline` succeeds wherever the repository's `npm ci` has filled
// the npm cache. Run after changing either package.json:
//
//   node scripts/template-lockfile.mjs
//
// With --check it writes nothing and exits 1 when the committed file differs.
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8"));
const tmplDir = new URL("templates/files/typescript/_shared/", root);
// The template's package.json is a Go template; only its dependency lists
// matter here, and they hold no template actions.
const pkgText = readFileSync(new URL("package.json.tmpl", tmplDir), "utf8");
const devDeps = JSON.parse(pkgText.replace(/\{\{[^}]*\}\}/g, "x")).devDependencies;

const pkgs = lock.packages;
const keep = new Map();

// resolve finds the entry npm would load for dep required from the package
// at path from: its own node_modules, then each parent's, then the top.
function resolve(from, dep) {
  let dir = from;
  for (;;) {
    const key = (dir ? dir + "/" : "") + "node_modules/" + dep;
    if (pkgs[key]) return key;
    if (!dir) return null;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

function visit(from, dep, optional) {
  const key = resolve(from, dep);
  if (key === null) {
    if (optional) return;
    throw new Error(`${from || "root"}: ${dep} is not in package-lock.json`);
  }
  if (keep.has(key)) return;
  keep.set(key, pkgs[key]);
  const e = pkgs[key];
  for (const d of Object.keys(e.dependencies ?? {})) visit(key, d, false);
  for (const d of Object.keys(e.optionalDependencies ?? {})) visit(key, d, true);
  for (const d of Object.keys(e.peerDependencies ?? {})) {
    visit(key, d, e.peerDependenciesMeta?.[d]?.optional === true);
  }
}

for (const [dep, version] of Object.entries(devDeps)) {
  const key = "node_modules/" + dep;
  if (pkgs[key]?.version !== version) {
    throw new Error(`template wants ${dep}@${version}, package-lock.json has ${pkgs[key]?.version}`);
  }
  visit("", dep, false);
}

const out = {
  name: "{{.Name}}",
  version: "0.1.0",
  lockfileVersion: lock.lockfileVersion,
  requires: true,
  packages: {
    "": { name: "{{.Name}}", version: "0.1.0", devDependencies: devDeps },
  },
};
for (const key of [...keep.keys()].sort()) {
  // Everything is reached through devDependencies only.
  out.packages[key] = { ...keep.get(key), dev: true };
}
const text = JSON.stringify(out, null, 2) + "\n";
const target = new URL("package-lock.json.tmpl", tmplDir);
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== text) {
    console.error("template-lockfile: templates/files/typescript/_shared/package-lock.json.tmpl is stale; run node scripts/template-lockfile.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`template-lockfile: ${keep.size} packages`);
}
