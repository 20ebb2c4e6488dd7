# Shell helpers the load scenarios share (sourced by run.sh, auth_load.sh, leads_load.sh).

# Sets CCRM and MINIMAL (the executables of BUILD_DIR, checked, with wrk), a scratch directory
# WORK, and PIDS: the servers a scenario starts, stopped and WORK removed however it exits.
bench_setup() {  # BUILD_DIR NAME
  CCRM="$1/ccrm"
  MINIMAL="$1/minimal_beast_server"
  local exe
  for exe in "$CCRM" "$MINIMAL"; do
    [[ -x "$exe" ]] || {
      echo "$(basename "$0"): $exe is missing; build with -DCCRM_BUILD_BENCH=ON" >&2
      exit 1
    }
  done
  command -v wrk >/dev/null || { echo "$(basename "$0"): wrk is not installed (make deps)" >&2; exit 1; }
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/ccrm-$2-XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Stops the servers of PIDS: TERM, then KILL any still running 5 s later.
stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

bench_cleanup() {
  stop_servers
  rm -rf "$WORK"
}

# A port the kernel says is free right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits up to 30 s for GET /healthz on PORT to answer; NAME is for the error message.
wait_healthy() {  # PORT NAME
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): $2 did not answer /healthz on port $1" >&2
  return 1
}

# "1.23ms" / "845.00us" / "1.01s" -> milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

# A wrk --latency output file -> "REQ_PER_SEC P50_MS P99_MS ERRORS" (non-2xx plus socket errors).
summarize() {  # FILE
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$1")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$1")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$1")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i } END {print n + 0}' "$1")
  echo "$rps $p50 $p99 $errors"
}

# The median of column COLUMN over the lines of FILE whose first field is NAME.
median() {  # FILE NAME COLUMN
  awk -v s="$2" -v c="$3" '$1 == s {print $c}' "$1" | sort -g |
    awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# ---------------------------------------------------------------------------------------------
# A fair yardstick (issue 16): figures that compare across machines.

# With 2 CPUs or more the servers under test run on CPU 0 and the load generator on CPU 1, so
# neither steals the other's core; BENCH_PIN=0 turns it off. SERVER_CPU / CLIENT_CPU prefix a
# command: `$SERVER_CPU ccrm serve …`, `$CLIENT_CPU wrk …`.
pin_setup() {
  SERVER_CPU=""
  CLIENT_CPU=""
  if [[ "${BENCH_PIN:-1}" == 1 && $(nproc) -ge 2 ]]; then
    SERVER_CPU="taskset -c 0"
    CLIENT_CPU="taskset -c 1"
  fi
}

# User + system CPU time a process (all its threads) has used, in clock ticks.
cpu_ticks() {  # PID
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# The requests a wrk run completed ("123456 requests in 10.00s").
wrk_requests() {  # FILE
  awk '/ requests in / {print $1}' "$1"
}

# Microseconds of the server's CPU per request over a wrk run: TICKS_BEFORE TICKS_AFTER FILE.
cpu_us_per_request() {
  awk -v b="$1" -v a="$2" -v n="$(wrk_requests "$3")" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f", (n > 0 ? (a - b) * 1e6 / hz / n : 0)}'
}

# N GETs of TARGET one after another on one keep-alive connection, each expected to be a 200.
get_loop() {  # PORT TARGET HEADER N
  python3 - "$@" <<'PY'
import http.client, sys
port, target, header, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
headers = dict([header.split(": ", 1)]) if header else {}
conn = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    conn.request("GET", target, headers=headers)
    reply = conn.getresponse()
    reply.read()
    assert reply.status == 200, reply.status
PY
}

# Instructions the server executes per request, under valgrind's callgrind: the server is
# started by the command after `--` (its port: PORT), warmed up, then N requests of TARGET with
# HEADER (may be empty) are counted, startup excluded. Prints the instructions per request.
instructions_per_request() {  # NAME PORT TARGET HEADER N -- command...
  local name=$1 port=$2 target=$3 header=$4 n=$5
  shift 6
  local out="$WORK/callgrind-$name.out"
  # Instrumentation off until the warm-up is done: startup is never counted.
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "$@" \
    >"$WORK/callgrind-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  get_loop "$port" "$target" "$header" 200  # warm: caches filled, code paged in
  callgrind_control -i on "$pid" >/dev/null 2>&1
  get_loop "$port" "$target" "$header" "$n"
  callgrind_control -i off "$pid" >/dev/null 2>&1
  callgrind_control -d "$pid" >/dev/null 2>&1  # writes $out.1: what was counted, all threads
  for _ in $(seq 100); do [[ -s "$out.1" ]] && break; sleep 0.1; done
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  awk -v n="$n" '/^totals:/ {s += $2} END {printf "%.0f", s / n}' "$out.1"
}

# One wrk run of a yardstick comparison: wrk on the client CPU with the given arguments, and the
# server's CPU time over the run. Appends "NAME REQ_PER_SEC P50_MS P99_MS CPU_US ERRORS" to
# RESULTS and prints it.
measure_wrk() {  # NAME SERVER_PID RESULTS wrk-arguments...
  local name=$1 pid=$2 results=$3
  shift 3
  local out before cpu rps p50 p99 errors
  out="$WORK/wrk-$name-$(wc -l <"$results").txt"
  before=$(cpu_ticks "$pid")
  $CLIENT_CPU wrk "$@" >"$out"
  cpu=$(cpu_us_per_request "$before" "$(cpu_ticks "$pid")" "$out")
  read -r rps p50 p99 errors < <(summarize "$out")
  echo "$name $rps $p50 $p99 $cpu $errors" >>"$results"
  printf '  %-22s %12s req/s  p50 %8s ms  p99 %8s ms  non-2xx %s  %6s us CPU/request\n' \
    "$name" "$rps" "$p50" "$p99" "$errors" "$cpu"
}

# After a round's two runs (ours, then the yardstick's, back to back: they share the machine's
# mood, and a VM's CPU speed drifts 30-50% between rounds), appends "ratio R" to RESULTS.
record_ratio() {  # RESULTS
  tail -2 "$1" | awk '{rps[NR] = $2} END {printf "ratio %.3f\n", (rps[2] > 0 ? rps[1] / rps[2] : 0)}' >>"$1"
}

# The verdict: the median of the rounds' ratios against TARGET, with the medians of throughput,
# p99 and CPU per request of both.
report_ratio() {  # RESULTS OURS YARDSTICK TARGET LABEL
  local results=$1 ours=$2 yardstick=$3 target=$4 label=$5
  awk -v r="$(median "$results" ratio 2)" -v t="$target" -v label="$label" \
    -v a="$(median "$results" "$ours" 2)" -v b="$(median "$results" "$yardstick" 2)" \
    -v pa="$(median "$results" "$ours" 4)" -v pb="$(median "$results" "$yardstick" 4)" \
    -v ca="$(median "$results" "$ours" 5)" -v cb="$(median "$results" "$yardstick" 5)" \
    'BEGIN {
      printf "%s: %.3f, the median of the rounds'"'"' ratios (%s the target of %s); medians %.0f vs %.0f req/s, p99 %.2f vs %.2f ms, CPU per request %.1f vs %.1f us (%.2fx)\n",
        label, r, (r >= t ? "meets" : "BELOW"), t, a, b, pa, pb, ca, cb, (cb > 0 ? ca / cb : 0)
    }'
}
