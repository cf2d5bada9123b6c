#!/usr/bin/env bash
# Load comparison: the same three-question dialog on the official Bot Framework JS SDK (botbuilder 4.23, MemoryStorage)
# and on Dialogue (the real host, durable state on SQLite, then PostgreSQL), driven through /api/messages with
# deliveryMode expectReplies by wrk (turn.lua: one conversation per connection) at 1, 50 and 200 concurrent
# conversations. Prints turns/s, p50 and p99 latency, errors, and Dialogue's ratio to the JS SDK.
#
# Needs: dotnet, node + npm, wrk (apt-get install wrk). PostgreSQL from $DIALOGUE_TEST_POSTGRES (an Npgsql connection
# string for a user that may create databases) or a throwaway server started here when the PostgreSQL binaries are
# installed; without either, the PostgreSQL rows are skipped.
# Settings: BENCH_DURATION (15s), BENCH_WARMUP (5s, before each level), BENCH_JIT_WARMUP (30s, once per server start,
# at 50 connections: .NET's tiered JIT kept recompiling for over 20 s under load on 2 cores and took up to a fifth of the
# CPU of a run that started after 5 s; the JS SDK gets the same), BENCH_CONCURRENCY ("1 50 200"),
# BENCH_TARGETS ("js sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)

duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-5s}
jit_warmup=${BENCH_JIT_WARMUP:-30s}
concurrency=${BENCH_CONCURRENCY:-1 50 200}
targets=${BENCH_TARGETS:-js sqlite postgres}
host_dll=$PWD/Dialogue.Bench.Host/bin/Release/net10.0/Dialogue.Bench.Host.dll
js_port=3978
dn_port=5179
run_id=$(date +%s)
work=$(mktemp -d /tmp/dialogue-bench.XXXXXX)
results="$work/results.tsv"

log() { printf '[bench] %s\n' "$*" >&2; }

for tool in dotnet node npm wrk; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing '$tool' (wrk: apt-get install wrk)"; exit 1; }
done

server_pid=""
pg_dir=""
pg_bin=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true; fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

wait_up() { # url
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then log "the server stopped during start; its log:"; cat "$work/server.log" >&2; exit 1; fi
    sleep 0.5
  done
  log "the server did not come up at $1"; cat "$work/server.log" >&2; exit 1
}

stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}

turn() { # url conversation id text
  curl -fs -XPOST "$1" -H 'content-type: application/json' -d "{\"type\":\"message\",\"id\":\"$3\",\"channelId\":\"test\",\
\"serviceUrl\":\"http://127.0.0.1:1\",\"deliveryMode\":\"expectReplies\",\"from\":{\"id\":\"check-$2\"},\"recipient\":{\"id\":\"bot\"},\
\"conversation\":{\"id\":\"$2\"},\"text\":\"$4\",\"locale\":\"nb-NO\"}"
}

# Both bots must hold the same conversation before they are timed.
check_dialog() { # url
  local c="check-$run_id-$RANDOM"
  turn "$1" "$c" 1 hei | grep -q 'Hva heter du' \
    && turn "$1" "$c" 2 Kari | grep -q 'Hva vil du' \
    && turn "$1" "$c" 3 'ringe tannlegen' | grep -q 'du gj' \
    && turn "$1" "$c" 4 'i morgen' | grep -q 'Takk, Kari. Du vil ringe tannlegen, i morgen.' \
    || { log "the bot at $1 did not hold the three-question dialog"; exit 1; }
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

measure() { # target state url
  local target=$1 state=$2 url=$3
  check_dialog "$url"
  log "$target/$state: warming up for $jit_warmup at 50 connections"
  wrk -t2 -c50 -d"$jit_warmup" --timeout 10s -s turn.lua "$url" -- "j$run_id" >/dev/null
  for c in $concurrency; do
    local t=2; [ "$c" -lt 2 ] && t=1
    wrk -t"$t" -c"$c" -d"$warmup" --timeout 10s -s turn.lua "$url" -- "w$run_id$c" >/dev/null
    local line before after cpu
    before=$(cpu_ticks)
    line=$(wrk -t"$t" -c"$c" -d"$duration" --timeout 10s --latency -s turn.lua "$url" -- "m$run_id$c" | grep '^BENCH ')
    after=$(cpu_ticks)
    read -r _ tps p50 p99 errors turns <<<"$line"
    # The server's own CPU time per turn (user + system, all threads): less sensitive to a busy machine than turns/s.
    cpu=$(awk -v b="$before" -v a="$after" -v n="$turns" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (n > 0) ? (a - b) * 1000 / hz / n : 0 }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$state" "$c" "$tps" "$p50" "$p99" "$errors" "$turns" "$cpu" >>"$results"
    log "$target/$state c=$c: $tps turns/s, p50 $p50 ms, p99 $p99 ms, $errors errors, $cpu ms CPU/turn"
  done
}

run_js() {
  log "JS SDK: npm ci, start"
  (cd js && npm ci --no-audit --no-fund --loglevel=error) >&2
  PORT=$js_port node js/bot.js >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_up "http://127.0.0.1:$js_port/health/live"
  measure js memory "http://127.0.0.1:$js_port/api/messages"
  stop_server
}

built=""
build_dialogue() {
  if [ -z "$built" ]; then
    log "Dialogue: building the bench host (Release)"
    dotnet build Dialogue.Bench.Host -c Release --nologo -v q >&2
    built=1
  fi
}

run_dialogue() { # state provider connection-string
  build_dialogue
  log "Dialogue ($1): start"
  (cd "$work" && exec dotnet "$host_dll" --urls "http://127.0.0.1:$dn_port" \
    --Database:Provider="$2" --ConnectionStrings:Dialogue="$3") >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_up "http://127.0.0.1:$dn_port/health/ready"
  measure dialogue "$1" "http://127.0.0.1:$dn_port/api/messages"
  stop_server
}

postgres_connection() {
  if [ -n "${DIALOGUE_TEST_POSTGRES:-}" ]; then
    printf '%s;Database=dialogue_bench_%s;Maximum Pool Size=100' "${DIALOGUE_TEST_POSTGRES%;}" "$run_id"
    return
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || return 1
  pg_dir=$(mktemp -d /tmp/dialogue-bench-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  local port=55479
  # A durable server (fsync on, the defaults): the bench compares durable state.
  as_pg "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=dialogue_bench;Pooling=true;Maximum Pool Size=100' "$port"
}

for target in $targets; do
  case "$target" in
    js) run_js ;;
    sqlite) run_dialogue sqlite Sqlite "Data Source=$work/bench.db" ;;
    postgres)
      if cs=$(postgres_connection); then run_dialogue postgres Postgres "$cs"
      else log "WARNING: no PostgreSQL (set DIALOGUE_TEST_POSTGRES or install postgresql): PostgreSQL skipped"; fi ;;
    *) log "unknown target '$target'"; exit 1 ;;
  esac
done

echo
echo "Dialogue bench $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1),"\
  "$(free -g | awk '/^Mem:/ {print $2}') GB RAM; ${duration} per run after ${jit_warmup} + ${warmup} warm-up"
awk -F'\t' '
  $1 == "js" { js[$3] = $4 }
  { rows[NR] = $0 }
  END {
    printf "%-9s %-8s %5s %10s %9s %9s %7s %8s %8s\n", "target", "state", "conc", "turns/s", "p50 ms", "p99 ms", "errors", "vs JS", "CPU ms"
    for (i = 1; i <= NR; i++) {
      split(rows[i], f, "\t")
      ratio = (f[3] in js && js[f[3]] > 0) ? sprintf("%.2fx", f[4] / js[f[3]]) : "-"
      printf "%-9s %-8s %5s %10s %9s %9s %7s %8s %8s\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], ratio, f[9]
    }
  }' "$results"
