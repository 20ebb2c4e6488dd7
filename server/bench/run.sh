#!/usr/bin/env bash
# The gateway benchmark (make bench): ccrm's GET /healthz against a minimal Boost.Beast server
# answering the same bytes, with wrk, then the Google Benchmark executables of BUILD_DIR.
#
#   server/bench/run.sh BUILD_DIR
#
# Environment: BENCH_DURATION (default 10s per wrk run), BENCH_ROUNDS (default 2 rounds; use an
# odd number, 5 or more, on a shared machine: the verdict is the median of the rounds' ratios),
# BENCH_PIN (1: servers on CPU 0, wrk on CPU 1), BENCH_IO_THREADS (1),
# BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2), BENCH_SKIP_MICRO=1 or CCRM_BENCH_ONLY_HTTP=1
# to run only the wrk part (skip the Google Benchmark executables), BENCH_MICRO_TIMEOUT (300 s per executable), BENCH_MICRO_ARGS
# (extra flags for each, e.g. --benchmark_filter=Get). Benchmarks keep pre-filled data between
# runs in CCRM_BENCH_DIR, set to BUILD_DIR/bench-data/NAME for each.
set -euo pipefail

BUILD_DIR=${1:?usage: server/bench/run.sh BUILD_DIR}
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
MICRO_TIMEOUT=${BENCH_MICRO_TIMEOUT:-300}
TARGET_RATIO=0.8

# shellcheck source=server/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_setup "$BUILD_DIR" bench

# Both servers on CPU 0 with the same io threads, wrk on CPU 1 (bench_lib.sh: pin_setup).
pin_setup
IO_THREADS=${BENCH_IO_THREADS:-1}
echo "== servers: ${SERVER_CPU:-unpinned}, $IO_THREADS io thread(s) each; wrk: ${CLIENT_CPU:-unpinned}"
CCRM_PORT=$(free_port)
CCRM_THROTTLE_ENABLED=false CCRM_SERVER_IO_THREADS="$IO_THREADS" $SERVER_CPU "$CCRM" serve \
  --listen "127.0.0.1:$CCRM_PORT" --data-dir "$WORK/data" >/dev/null 2>"$WORK/ccrm.err" &
CCRM_PID=$!
PIDS+=($CCRM_PID)
MINIMAL_PORT=$(free_port)
$SERVER_CPU "$MINIMAL" "$MINIMAL_PORT" "$IO_THREADS" >/dev/null 2>"$WORK/minimal.err" &
MINIMAL_PID=$!
PIDS+=($MINIMAL_PID)
wait_healthy "$CCRM_PORT" ccrm || { cat "$WORK/ccrm.err" >&2; exit 1; }
wait_healthy "$MINIMAL_PORT" minimal_beast_server || { cat "$WORK/minimal.err" >&2; exit 1; }

echo "== the bytes each server answers to GET /healthz"
for port in "$CCRM_PORT" "$MINIMAL_PORT"; do
  curl -si "http://127.0.0.1:$port/healthz" | sed 's/^/  /'
  echo
done

echo "== warm-up (2 s each)"
$CLIENT_CPU wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:$CCRM_PORT/healthz" >/dev/null
$CLIENT_CPU wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:$MINIMAL_PORT/healthz" >/dev/null

echo "== wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency, GET /healthz, $ROUNDS rounds"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  # The 1-minute load average: other work on the machine shows up here, not in wrk.
  echo " round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
  measure_wrk ccrm "$CCRM_PID" "$RESULTS" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" \
    --latency "http://127.0.0.1:$CCRM_PORT/healthz"
  measure_wrk minimal_beast_server "$MINIMAL_PID" "$RESULTS" -t"$WRK_THREADS" \
    -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$MINIMAL_PORT/healthz"
  record_ratio "$RESULTS"
done
report_ratio "$RESULTS" ccrm minimal_beast_server "$TARGET_RATIO" \
  "ccrm / minimal_beast_server GET /healthz throughput"

if ! kill -0 "${PIDS[0]}" 2>/dev/null; then
  echo "run.sh: ccrm died during the benchmark; stderr:" >&2
  tail -50 "$WORK/ccrm.err" >&2
  exit 1
fi
# The micro benchmarks get the machine to themselves.
stop_servers

if [[ "${BENCH_SKIP_MICRO:-0}" != 1 && "${CCRM_BENCH_ONLY_HTTP:-0}" != 1 ]]; then
  mapfile -t benches < <(find "$BUILD_DIR" -maxdepth 1 -type f -name '*_bench' -perm -u+x | sort)
  if ((${#benches[@]} == 0)); then
    echo "== no Google Benchmark executables (*_bench) in $BUILD_DIR"
  fi
  # Filling a large table takes minutes; kept in the build dir, it is paid once, and a
  # benchmark killed by the timeout leaves nothing behind in $TMPDIR.
  for bench in "${benches[@]}"; do
    data="$BUILD_DIR/bench-data/$(basename "$bench")"
    mkdir -p "$data"
    echo "== $(basename "$bench") (data in $data)"
    # shellcheck disable=SC2086 # BENCH_MICRO_ARGS is a list of flags
    CCRM_BENCH_DIR="$data" timeout "$MICRO_TIMEOUT" "$bench" ${BENCH_MICRO_ARGS:-} ||
      echo "run.sh: $(basename "$bench") failed or timed out after ${MICRO_TIMEOUT} s" >&2
  done
fi
