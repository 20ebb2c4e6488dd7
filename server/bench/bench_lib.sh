# Shell helpers the load scenarios share (sourced by run.sh, auth_load.sh, leads_load.sh).

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
