#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for a bounded time each
# (default 3s), so CI exercises the parsers beyond their seed corpora.
set -euo pipefail
fuzztime=${1:-3s}
cd "$(dirname "$0")/.."
count=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while IFS= read -r file; do
  dir=$(dirname "$file")
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    echo "fuzz ./$dir $target ($fuzztime)"
    # A run can end without a finding when the fuzzing engine's workers do not
    # start in time on a loaded machine ("context deadline exceeded"); such a
    # run is retried once. A crash always writes its input and fails at once.
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "./$dir" >"$log" 2>&1; then
      if grep -q 'Failing input written to' "$log" || ! grep -q 'context deadline exceeded' "$log"; then
        cat "$log"; exit 1
      fi
      echo "  retrying $target: the engine timed out without a finding"
      go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "./$dir" >"$log" 2>&1 || { cat "$log"; exit 1; }
    fi
    count=$((count+1))
  done
done < <(git ls-files '*_test.go' | xargs grep -l '^func Fuzz' || true)
echo "fuzz: $count target(s) ran for $fuzztime each"
