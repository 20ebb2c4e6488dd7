#!/bin/bash
# Runs each libFuzzer target of a CCRM_FUZZ build for a while: `make fuzz` calls it.
#   server/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# New corpus entries go to BUILD_DIR/corpus/<target> (not committed unless copied on purpose
# into server/fuzz/corpus/<target>); a crash or a broken invariant leaves its input in
# BUILD_DIR/crashes/<target>/ — copy it into server/fuzz/regressions/<target>/ with the fix, and
# `make test` replays it from then on. Prints one line per target: runs, coverage, findings,
# and appends it to BUILD_DIR/ledger.tsv, whose totals per target are the figures across runs.
set -euo pipefail
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$build"/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  args=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/"
        -timeout=10 -rss_limit_mb=2048)
  [ -f "$here/$target.dict" ] && args+=(-dict="$here/$target.dict")
  # The CSV targets read every input three times, http_request parses it twice (whole and in
  # pieces), and their limits bite well under 1 KiB: longer inputs only slow them down (4,096
  # bytes ran at 2,000-4,000 inputs/s).
  case $target in csv_reader|lead_csv|http_request) args+=(-max_len=1024) ;; esac
  log="$build/fuzz-$target.log"
  if "$build/fuzz_$target" "${args[@]}" "$corpus" "$here/corpus/$target" > "$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and $crashes)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$runs" "$seconds" "$cov" \
    >> "$build/ledger.tsv"
  echo "fuzz $target: $result, $runs runs in ${seconds} s, coverage $cov edges, corpus $(ls "$corpus" | wc -l) files"
done
exit $status
