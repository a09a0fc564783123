#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for a bounded time each
# (default 3s), so CI exercises the parsers beyond their seed corpora.
set -euo pipefail
fuzztime=${1:-3s}
cd "$(dirname "$0")/.."
count=0
while IFS= read -r file; do
  dir=$(dirname "$file")
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    echo "fuzz ./$dir $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "./$dir" >/tmp/wasmcp-fuzz.log 2>&1 || { cat /tmp/wasmcp-fuzz.log; exit 1; }
    count=$((count+1))
  done
done < <(git ls-files '*_test.go' | xargs grep -l '^func Fuzz' || true)
echo "fuzz: $count target(s) ran for $fuzztime each"
