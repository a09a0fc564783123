// Adds lockfile entries for platform-specific optional dependencies that the
// npm registry mirror reachable here does not serve (404), so that `npm ci`
// accepts the lockfile. Each entry carries the os/cpu/libc taken from the
// package name; npm skips such entries on other platforms without fetching.
// Run after `npm install --package-lock-only`: node scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
const oses = ['linux', 'darwin', 'win32', 'freebsd', 'android', 'openharmony', 'wasm32'];
const cpus = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];
let added = 0;
for (const [key, meta] of Object.entries({ ...pkgs })) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    if (pkgs[`node_modules/${dep}`] || pkgs[base]) continue;
    const parts = dep.split('/').pop().split('-');
    const os = parts.find((p) => oses.includes(p));
    const cpu = parts.find((p) => cpus.includes(p));
    const entry = { version, optional: true };
    if (os && os !== 'wasm32') entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (parts.includes('musl')) entry.libc = ['musl'];
    if (!entry.os && !entry.cpu) continue;
    pkgs[`node_modules/${dep}`] = entry;
    added++;
  }
}
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile-platforms: added ${added} platform entries`);
