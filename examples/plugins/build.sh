#!/bin/sh
# Builds every example plugin into <name>/<name>.wasm, the paths plugins.yml
# names. Needs only a Go toolchain (1.24 or newer for //go:wasmexport).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
for dir in */; do
	name=${dir%/}
	[ -f "$name/main.go" ] || continue
	echo "building $name/$name.wasm"
	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o "$name/$name.wasm" "./$name"
done
