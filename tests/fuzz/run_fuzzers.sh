#!/usr/bin/env bash
# Runs the libFuzzer harnesses that BUILD/fuzzers.tsv lists (written by tests/fuzz/CMakeLists.txt).
#   run_fuzzers.sh long BUILD [NAME...]   each for $FUZZ_SECONDS (600) on its working corpus,
#                                         BUILD/fuzz/corpus/NAME (the stored seeds copied in), then
#                                         a table: executions, corpus size, crashes
#   run_fuzzers.sh smoke BUILD [NAME...]  each for $FUZZ_SMOKE_SECONDS (20) on the stored corpus,
#                                         which is only read (what it finds goes to a scratch folder)
# One at a time, at low priority. A crash, leak, timeout or out-of-memory fails the run and
# leaves its input in BUILD/fuzz/crashes/NAME/ (reproduce: BINARY INPUT).
set -euo pipefail

mode=${1:?long or smoke}
build=$(cd "${2:?build directory}" && pwd)
shift 2
case $mode in
  long) seconds=${FUZZ_SECONDS:-600} ;;
  smoke) seconds=${FUZZ_SMOKE_SECONDS:-20} ;;
  *) echo "run_fuzzers.sh: mode is long or smoke" >&2 && exit 2 ;;
esac
manifest=$build/fuzzers.tsv
[ -f "$manifest" ] || { echo "run_fuzzers.sh: $manifest missing (cmake --preset fuzz)" >&2; exit 2; }

wanted() {
  [ $# -eq 1 ] && return 0
  local name=$1 w
  shift
  for w in "$@"; do [ "$w" = "$name" ] && return 0; done
  return 1
}

failed=()
rows=()
while IFS=$'\t' read -r name binary max_len dict stored; do
  wanted "$name" "$@" || continue
  crashes=$build/fuzz/crashes/$name
  logs=$build/fuzz/logs
  mkdir -p "$crashes" "$logs"
  if [ "$mode" = long ]; then
    corpus=$build/fuzz/corpus/$name
    mkdir -p "$corpus"
    cp -rn "$stored"/. "$corpus"/
    dirs=("$corpus")
  else
    corpus=$build/fuzz/smoke/$name
    rm -rf "$corpus" && mkdir -p "$corpus"
    dirs=("$corpus" "$stored")
  fi
  args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$crashes/")
  [ "$dict" != - ] && args+=(-dict="$dict")
  log=$logs/$name.$mode.log
  before=$(find "$crashes" -type f | wc -l)
  echo "fuzz: $name for ${seconds}s (log: $log)"
  status=0
  nice -n 19 "$binary" "${args[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
  units=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
  crashed=$(($(find "$crashes" -type f | wc -l) - before))
  rows+=("$(printf '%-16s %8s %12s %8s %8s' "$name" "${seconds}s" "$executions" "$units" "$crashed")")
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    tail -n 60 "$log"
    echo "fuzz: $name FAILED; inputs in $crashes/: $(ls -t "$crashes" | head -3 | tr '\n' ' ')"
  fi
done <"$manifest"

[ ${#rows[@]} -gt 0 ] || { echo "run_fuzzers.sh: no harness named $*" >&2; exit 2; }
printf '%-16s %8s %12s %8s %8s\n' harness time executions corpus crashes
printf '%s\n' "${rows[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}"
  exit 1
fi
