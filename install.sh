#!/bin/sh
# Install wasmcp from a release.
#
#   curl -fsSL https://raw.githubusercontent.com/wasmcp/wasmcp/main/install.sh | sh
#   sh install.sh --version v0.1.0 --bin-dir /usr/local/bin
#
# Options:
#   --version X     the release to install (default: the newest, read from
#                   the `latest` file of the release site)
#   --bin-dir DIR   where to put the wasmcp binary (default: $WASMCP_INSTALL_DIR,
#                   else ~/.wasmcp/bin)
#   -h, --help      print this help
#
# Environment:
#   WASMCP_INSTALL_BASE_URL    release site; archives are fetched from
#                              <base>/<version>/wasmcp_<version>_<os>_<arch>.tar.gz
#                              with <base>/<version>/checksums.txt, and the newest
#                              version from <base>/latest
#                              (default: https://github.com/wasmcp/wasmcp/releases/download,
#                              whose newest version is read from
#                              https://github.com/wasmcp/wasmcp/releases/latest/download/latest)
#   WASMCP_INSTALL_DIR         default for --bin-dir
#
# The archive's SHA-256 must match the published checksums.txt; otherwise
# nothing is installed. Needs: uname, curl or wget, tar, gzip, and sha256sum,
# shasum or openssl.
set -eu

GITHUB_BASE="https://github.com/wasmcp/wasmcp/releases/download"
GITHUB_LATEST="https://github.com/wasmcp/wasmcp/releases/latest/download/latest"

say() { printf '%s\n' "$*"; }
err() { printf 'wasmcp install: error: %s\n' "$*" >&2; exit 1; }
usage() {
  cat <<'USAGE'
Install wasmcp from a release.

Usage: install.sh [--version X] [--bin-dir DIR]

  --version X     the release to install (default: the newest)
  --bin-dir DIR   where to put wasmcp (default: $WASMCP_INSTALL_DIR, else ~/.wasmcp/bin)

Environment: WASMCP_INSTALL_BASE_URL (release site), WASMCP_INSTALL_DIR.
USAGE
}

version=""
bin_dir="${WASMCP_INSTALL_DIR:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || err "--version needs a value"; version="$2"; shift 2 ;;
    --version=*) version="${1#--version=}"; shift ;;
    --bin-dir) [ $# -ge 2 ] || err "--bin-dir needs a value"; bin_dir="$2"; shift 2 ;;
    --bin-dir=*) bin_dir="${1#--bin-dir=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'wasmcp install: error: unknown option %s (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done

if [ -z "$bin_dir" ]; then
  [ -n "${HOME:-}" ] || err "HOME is not set; pass --bin-dir"
  bin_dir="$HOME/.wasmcp/bin"
fi

base="${WASMCP_INSTALL_BASE_URL:-$GITHUB_BASE}"
base="${base%/}"
if [ "$base" = "$GITHUB_BASE" ]; then latest_url="$GITHUB_LATEST"; else latest_url="$base/latest"; fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) err "unsupported operating system $(uname -s): wasmcp releases exist for Linux and macOS; build from source with 'go install github.com/wasmcp/wasmcp/cmd/wasmcp@latest'" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) err "unsupported architecture $(uname -m): wasmcp releases exist for amd64 and arm64" ;;
esac

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  err "neither curl nor wget is installed"
fi

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | awk '{print $1}'
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 "$1" | awk '{print $NF}'
  else err "no SHA-256 tool (sha256sum, shasum or openssl) found"
  fi
}

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t wasmcp)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ -z "$version" ] || [ "$version" = "latest" ]; then
  fetch "$latest_url" "$tmp/latest" || err "cannot read the newest version from $latest_url"
  version=$(head -n 1 "$tmp/latest" | tr -d ' \t\r\n')
  [ -n "$version" ] || err "$latest_url is empty"
fi
case "$version" in
  *[!A-Za-z0-9._+-]*) err "bad version '$version' (letters, digits, . _ + - only)" ;;
esac

archive="wasmcp_${version}_${os}_${arch}.tar.gz"
url="$base/$version/$archive"
say "Downloading wasmcp $version for $os/$arch from $url"
fetch "$url" "$tmp/$archive" || err "cannot download $url: is $version a published wasmcp version for $os/$arch?"
fetch "$base/$version/checksums.txt" "$tmp/checksums.txt" || err "cannot download $base/$version/checksums.txt"

expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/checksums.txt")
[ -n "$expected" ] || err "checksums.txt of $version has no entry for $archive; nothing was installed"
actual=$(sha256 "$tmp/$archive")
expected=$(printf '%s' "$expected" | tr 'A-F' 'a-f')
if [ "$expected" != "$actual" ]; then
  err "checksum mismatch for $archive: expected $expected, got $actual; nothing was installed"
fi

mkdir "$tmp/x"
(cd "$tmp/x" && gzip -dc "../$archive" | tar -xf - wasmcp) || err "cannot unpack $archive"
[ -f "$tmp/x/wasmcp" ] || err "$archive holds no wasmcp binary"
chmod 0755 "$tmp/x/wasmcp"

mkdir -p "$bin_dir" || err "cannot create $bin_dir"
# Copy next to the target, then rename: an interrupted install never leaves a
# half-written wasmcp, and a running wasmcp is replaced safely.
cp "$tmp/x/wasmcp" "$bin_dir/.wasmcp.tmp.$$" || err "cannot write to $bin_dir"
mv -f "$bin_dir/.wasmcp.tmp.$$" "$bin_dir/wasmcp" || { rm -f "$bin_dir/.wasmcp.tmp.$$"; err "cannot install into $bin_dir"; }

installed=$("$bin_dir/wasmcp" --version 2>&1) || err "installed $bin_dir/wasmcp but it does not run: $installed"
say "Installed $installed to $bin_dir/wasmcp"
case ":${PATH:-}:" in
  *":$bin_dir:"*) ;;
  *)
    say ""
    say "$bin_dir is not on your PATH. Add this line to your shell profile (~/.profile, ~/.bashrc or ~/.zshrc):"
    say ""
    say "  export PATH=\"$bin_dir:\$PATH\""
    ;;
esac
