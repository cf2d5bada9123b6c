#!/usr/bin/env bash
# Scaling runs: turn latency through the real /api/messages of the bench host with 1k, 10k and 100k stored
# conversations (bulk-copied from one real conversation's rows), and turn 1 against turn 500 of one conversation;
# on SQLite, then PostgreSQL ($DIALOGUE_TEST_POSTGRES, or a throwaway server when the PostgreSQL binaries are installed).
# Settings: SCALE_SIZES (1000,10000,100000), SCALE_TURNS (200), SCALE_LONG (500), SCALE_TARGETS ("sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")"

sizes=${SCALE_SIZES:-1000,10000,100000}
turns=${SCALE_TURNS:-200}
long=${SCALE_LONG:-500}
targets=${SCALE_TARGETS:-sqlite postgres}
work=$(mktemp -d /tmp/dialogue-scale.XXXXXX)
pg_dir=""
pg_bin=""
log() { printf '[scale] %s\n' "$*" >&2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true; fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

postgres_connection() {
  if [ -n "${DIALOGUE_TEST_POSTGRES:-}" ]; then
    printf '%s;Database=dialogue_scale_%s' "${DIALOGUE_TEST_POSTGRES%;}" "$(date +%s)"
    return
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || return 1
  pg_dir=$(mktemp -d /tmp/dialogue-scale-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
    -o "-p 55480 -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  printf 'Host=127.0.0.1;Port=55480;Username=postgres;Database=dialogue_scale;Pooling=true'
}

log "building the bench host (Release)"
dotnet build Dialogue.Bench.Host -c Release --nologo -v q >&2
host_dll=$PWD/Dialogue.Bench.Host/bin/Release/net10.0/Dialogue.Bench.Host.dll

scale() { # provider connection-string
  log "$1: seeding and measuring (sizes $sizes)"
  (cd "$work" && dotnet "$host_dll" scale --Database:Provider="$1" --ConnectionStrings:Dialogue="$2" \
    --Scale:Sizes="$sizes" --Scale:Turns="$turns" --Scale:LongTurns="$long") | grep -v '^{' || { log "$1 scaling run failed"; exit 1; }
}

echo "Dialogue scaling $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1)"
for target in $targets; do
  case "$target" in
    sqlite) scale Sqlite "Data Source=$work/scale.db" ;;
    postgres)
      if cs=$(postgres_connection); then scale Postgres "$cs"
      else log "WARNING: no PostgreSQL: skipped"; fi ;;
    *) log "unknown target '$target'"; exit 1 ;;
  esac
done
