#!/usr/bin/env bash
# Run the test suite: scripts/test.sh [all|sqlite|postgres] [pytest args...]
#
#   all       the API contract check (scripts/api-contract.sh), then pytest on SQLite,
#             then on a throwaway PostgreSQL (all three always run;
#             fails if any fails)
#   sqlite    pytest with the default settings database (SQLite)
#   postgres  pytest with DATABASE_URL pointing at scripts/pg-test.sh's cluster, then
#             the read replica router's tests (tests/core/test_dbrouters.py) again with
#             a real streaming replica of it (scripts/pg-test.sh replica) as
#             DATABASE_REPLICA_URL
#
# Expects `make install assets` done (the Makefile's test targets do that).
# Makes sure Debian's chromium is installed for the browser tests. The
# PostgreSQL cluster is stopped and deleted on exit, whatever happened.
# A private clamd (scripts/clamav-test.sh) scans every upload the tests make;
# it is stopped on exit too.
#
# The helpers hand back their values (the database URL, the IMAP exports, the
# clamd socket) in files in a private directory, never through captured output,
# so nothing they print (e.g. apt installing a missing package) can end up in a
# value.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode="${1:-all}"
[ "$#" -gt 0 ] && shift
pytest_args=("$@")

case "$mode" in
all | sqlite | postgres) ;;
*)
    echo "usage: $0 [all|sqlite|postgres] [pytest args...]" >&2
    exit 2
    ;;
esac

pytest="$root/.venv/bin/pytest"
export PYTHONDONTWRITEBYTECODE=1

section() { printf '\n==> %s\n' "$*"; }

t0=$SECONDS
section "chromium"
bash scripts/ensure-chromium.sh
/usr/bin/chromium --version 2>/dev/null
section "weasyprint"
bash scripts/ensure-weasyprint.sh
section "poppler"
bash scripts/ensure-poppler.sh

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/wardcase-test-run.XXXXXX")"
pg_started=0
mail_started=0
clamd_started=0
cleanup() {
    rm -rf "$run_dir"
    if [ "$pg_started" -eq 1 ]; then
        bash scripts/pg-test.sh stop || true
    fi
    if [ "$mail_started" -eq 1 ]; then
        bash scripts/mail-test.sh stop || true
    fi
    if [ "$clamd_started" -eq 1 ]; then
        bash scripts/clamav-test.sh stop || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$mode" != sqlite ]; then
    section "postgresql"
    pg_started=1
    bash scripts/pg-test.sh start "$run_dir/pg-url" >/dev/null
    pg_url="$(<"$run_dir/pg-url")"
    echo "$pg_url"
fi
section "imap (dovecot)"
mail_started=1
bash scripts/mail-test.sh start "$run_dir/mail-env.sh" >/dev/null
# shellcheck source=/dev/null
source "$run_dir/mail-env.sh"
echo "127.0.0.1:$WARDCASE_TEST_IMAP_PORT"
# A private clamd with an EICAR-only database, for the upload-scanning tests.
section "clamav"
clamd_started=1
bash scripts/clamav-test.sh start "$run_dir/clamd-socket" >/dev/null
WARDCASE_CLAMD_SOCKET="$(<"$run_dir/clamd-socket")"
export WARDCASE_CLAMD_SOCKET
echo "$WARDCASE_CLAMD_SOCKET"
echo "(setup took $((SECONDS - t0))s)"

sqlite_rc=0
pg_rc=0
replica_rc=0
contract_rc=0

if [ "$mode" = all ]; then
    # schemathesis, bounded: 0 server errors and 0 responses the schema does not describe.
    section "API contract (schemathesis, as a coordinator and a councillor)"
    bash scripts/api-contract.sh || contract_rc=$?
fi

if [ "$mode" != postgres ]; then
    section "pytest on SQLite"
    (unset DATABASE_URL && "$pytest" "${pytest_args[@]}") || sqlite_rc=$?
fi

if [ "$mode" != sqlite ]; then
    section "pytest on PostgreSQL ($pg_url)"
    DATABASE_URL="$pg_url" "$pytest" "${pytest_args[@]}" || pg_rc=$?

    # Only the router's module: the whole suite on a replica would route reports and search
    # of every transactional test through it. One process: the replica mirrors one database.
    section "pytest on PostgreSQL with a streaming replica (the read replica router)"
    replica_rc=1
    if bash scripts/pg-test.sh replica "$run_dir/replica-url" >/dev/null; then
        replica_rc=0
        DATABASE_URL="$pg_url" DATABASE_REPLICA_URL="$(<"$run_dir/replica-url")" \
            "$pytest" -p no:xdist tests/core/test_dbrouters.py || replica_rc=$?
    fi
fi

section "summary"
[ "$mode" = all ] && echo "API contract: $([ $contract_rc -eq 0 ] && echo ok || echo "FAILED (exit $contract_rc)")"
[ "$mode" != postgres ] && echo "SQLite:     $([ $sqlite_rc -eq 0 ] && echo ok || echo "FAILED (pytest exit $sqlite_rc)")"
[ "$mode" != sqlite ] && echo "PostgreSQL: $([ $pg_rc -eq 0 ] && echo ok || echo "FAILED (pytest exit $pg_rc)")"
[ "$mode" != sqlite ] && echo "Replica:    $([ $replica_rc -eq 0 ] && echo ok || echo "FAILED (exit $replica_rc)")"
echo "(total $((SECONDS - t0))s)"

if [ "$sqlite_rc" -ne 0 ]; then exit "$sqlite_rc"; fi
if [ "$pg_rc" -ne 0 ]; then exit "$pg_rc"; fi
if [ "$replica_rc" -ne 0 ]; then exit "$replica_rc"; fi
exit "$contract_rc"
