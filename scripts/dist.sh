#!/usr/bin/env bash
# Builds the release archives of wasmcp for linux and darwin on amd64 and
# arm64, their checksums and the `latest` file, into $DIST (default dist/):
#
#   wasmcp_<version>_<os>_<arch>.tar.gz   the wasmcp binary, README.md, LICENSE (if present)
#   checksums.txt                          SHA-256 of each archive, in sha256sum format
#   latest                                 the version, for install.sh to find the newest release
#
# The version (VERSION, default `git describe`) is stamped into the binary with
# -ldflags -X main.version=... . Archives are reproducible: fixed file order,
# owner and modification time. Publish the archives and checksums.txt under
# <base>/<version>/ and `latest` as <base>/latest (see docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
DIST=${DIST:-dist}
GO=${GO:-go}
TARGETS=${TARGETS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64"}

case "$VERSION" in
  ""|*[!A-Za-z0-9._+-]*) echo "dist: bad version '$VERSION' (letters, digits, . _ + - only)" >&2; exit 2 ;;
esac

mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# A fixed timestamp: the commit's, or 2000-01-01 outside git.
mtime=$(git log -1 --format=%ct 2>/dev/null || echo 946684800)
tar_flags=()
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar_flags=(--sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime")
fi

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

archives=()
for target in $TARGETS; do
  os=${target%/*}
  arch=${target#*/}
  name="wasmcp_${VERSION}_${os}_${arch}"
  dir="$stage/$name"
  mkdir -p "$dir"
  echo "dist: building $name" >&2
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch "$GO" build -trimpath \
    -ldflags "-s -w -X main.version=$VERSION" -o "$dir/wasmcp" ./cmd/wasmcp
  files=(wasmcp)
  for f in README.md LICENSE; do
    if [ -f "$f" ]; then cp "$f" "$dir/$f"; files+=("$f"); fi
  done
  touch -d "@$mtime" "$dir"/* 2>/dev/null || true
  tar "${tar_flags[@]}" -C "$dir" -cf - "${files[@]}" | gzip -n -9 > "$DIST/$name.tar.gz.tmp"
  mv "$DIST/$name.tar.gz.tmp" "$DIST/$name.tar.gz"
  archives+=("$name.tar.gz")
done

(cd "$DIST" && sha256 "${archives[@]}") > "$DIST/checksums.txt.tmp"
mv "$DIST/checksums.txt.tmp" "$DIST/checksums.txt"
printf '%s\n' "$VERSION" > "$DIST/latest.tmp"
mv "$DIST/latest.tmp" "$DIST/latest"
echo "dist: wrote ${#archives[@]} archives, checksums.txt and latest ($VERSION) to $DIST" >&2
