#!/usr/bin/env bash
# The one test command: builds and runs every test suite.
# The database tests run against SQLite and PostgreSQL. PostgreSQL comes from $DIALOGUE_TEST_POSTGRES (an Npgsql
# connection string to a server where the user may create databases) or, when the PostgreSQL server binaries are
# installed (Debian: apt-get install postgresql), from a throwaway server this script starts and stops.
# Then the interop suite (tests/interop, Node.js) runs against the built host.
# Under CI=true a missing PostgreSQL, Node.js or Chromium, or any skipped test, fails the run.
# The browser tests (Playwright + axe-core, tests/Dialogue.Browser.Tests) are part of the .NET run and its count.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/postmaster.pid" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
}
trap stop_postgres EXIT

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -z "${DIALOGUE_TEST_POSTGRES:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
    pg_dir=$(mktemp -d /tmp/dialogue-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
    log "starting a throwaway PostgreSQL ($pg_bin) on 127.0.0.1:$port"
    as_pg "$pg_bin/initdb" -D "$pg_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
    export DIALOGUE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true;Maximum Pool Size=50"
  elif [ "${CI:-}" = "true" ]; then
    log "PostgreSQL is required under CI: install the 'postgresql' package or set DIALOGUE_TEST_POSTGRES."
    exit 1
  else
    log "WARNING: no PostgreSQL found; the PostgreSQL variants of the database tests will be SKIPPED."
    log "         Install it (apt-get install postgresql) or set DIALOGUE_TEST_POSTGRES to run them."
  fi
fi

# The browser tests (tests/Dialogue.Browser.Tests, Playwright) drive the system Chromium; without it they are skipped,
# except under CI=true, where they run and fail.
chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium_path" ]; then
  if [ "${CI:-}" = "true" ]; then
    log "Chromium is missing at $chromium_path: the browser tests will FAIL (apt-get install chromium, or set CHROMIUM_PATH)."
  else
    log "WARNING: no Chromium at $chromium_path; the browser tests (tests/Dialogue.Browser.Tests) will be SKIPPED."
    log "         Install it (apt-get install chromium) or set CHROMIUM_PATH to run them."
  fi
fi

# The crash and fault tests write their counts (messages, refusals, retries, copies, losses) here; printed below.
counts_dir=$(mktemp -d /tmp/dialogue-counts.XXXXXX)
export DIALOGUE_TEST_COUNTS="$counts_dir"

out=$(mktemp /tmp/dialogue-test.XXXXXX)
rm -f tests/Dialogue.Bot.Tests/artifacts/crash-*.txt
set +e
dotnet test Dialogue.sln --nologo -c Release "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

if compgen -G "$counts_dir/*.txt" >/dev/null; then
  log "counts from the crash and fault tests:"
  cat "$counts_dir"/*.txt >&2
fi
rm -rf "$counts_dir"
# The crash tests' counts (tests/Dialogue.Bot.Tests/Crash), kept by each run: dotnet test hides a passing test's output.
for report in tests/Dialogue.Bot.Tests/artifacts/crash-*.txt; do
  if [ -f "$report" ]; then cat "$report"; fi
done

# One closing line over all test projects, e.g. "Tests: 412 passed, 0 failed, 0 skipped".
summary=$(grep -E '(Passed|Failed)! +- +Failed: ' "$out" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d %d %d", p, f, s}')
read -r passed failed skipped <<<"${summary:-0 0 0}"

# The interop suite: the official Bot Framework and Twilio JavaScript clients (and Web Chat in Debian's Chromium)
# against the host that was just built. It needs Node.js; its npm packages are installed here when missing.
interop_status=0
if [ "$status" -eq 0 ] && [ "${DIALOGUE_SKIP_INTEROP:-}" != "1" ]; then
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
      log "installing the interop suite's npm packages (npm ci)"
      (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) >&2
    fi
    set +e
    (cd tests/interop && node --test --test-concurrency=1 --test-reporter=tap test/) 2>&1 | tee "$out"
    interop_status=${PIPESTATUS[0]}
    set -e
    count() { grep -E "^# $1 [0-9]+$" "$out" | tail -n 1 | awk '{print $3}'; }
    i_pass=$(count pass); i_fail=$(count fail); i_skip=$(count skipped); i_todo=$(count todo); i_cancel=$(count cancelled)
    passed=$((passed + ${i_pass:-0}))
    failed=$((failed + ${i_fail:-0} + ${i_cancel:-0}))
    skipped=$((skipped + ${i_skip:-0} + ${i_todo:-0}))
    if [ "$interop_status" -ne 0 ] && [ "${i_fail:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
  elif [ "${CI:-}" = "true" ]; then
    log "Node.js and npm are required under CI for the interop suite."
    interop_status=1; failed=$((failed + 1))
  else
    log "WARNING: no Node.js/npm found; the interop suite (tests/interop) is SKIPPED."
    skipped=$((skipped + 1))
  fi
elif [ "${DIALOGUE_SKIP_INTEROP:-}" = "1" ]; then
  log "DIALOGUE_SKIP_INTEROP=1: the interop suite is not run"
  if [ "${CI:-}" = "true" ]; then log "the interop suite may not be skipped under CI"; interop_status=1; fi
fi
rm -f "$out"

echo "Tests: $passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$interop_status" -ne 0 ]; then exit "$interop_status"; fi
if [ "$passed" -eq 0 ]; then log "no test ran"; exit 1; fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then log "tests were skipped under CI"; exit 1; fi
