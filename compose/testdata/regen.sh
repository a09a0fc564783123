#!/usr/bin/env bash
# Regenerates the .wasm fixtures from their .wat sources with the pinned jco
# (node_modules at the repository root, installed by `npm ci`).
set -euo pipefail
cd "$(dirname "$0")"
jco="node ../../node_modules/@bytecodealliance/jco/dist/jco.js"
for wat in *.wat; do
  $jco parse "$wat" -o "${wat%.wat}.wasm" >/dev/null
done
