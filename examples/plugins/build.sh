#!/bin/sh
# Builds every example plugin (the folders here holding a main.go) into
# plugins/<name>/<name>.wasm, the paths plugins/plugins.yml names. Needs only
# a Go toolchain (1.24 or newer for //go:wasmexport).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
for dir in */; do
	name=${dir%/}
	[ -f "$name/main.go" ] || continue
	mkdir -p "plugins/$name"
	echo "building plugins/$name/$name.wasm"
	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o "plugins/$name/$name.wasm" "./$name"
done
