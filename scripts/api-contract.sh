#!/usr/bin/env bash
# The API's contract check: schemathesis against a private Wardcase with the demo council.
#
#   scripts/api-contract.sh            # coordinator and councillor, every phase
#
# Starts Wardcase on a free port on 127.0.0.1 with a throwaway SQLite database and
# mail folder, loads the demo council, and lets schemathesis generate requests from
# /api/v1/schema/ as a coordinator and as a councillor: examples, coverage, fuzzing
# and stateful sequences that follow the links it infers (a created case's reference
# fed to the case's actions). It fails on any server error or any response that the
# schema does not describe (status code, content type, headers or body).
#
# Bounded: CONTRACT_MAX_EXAMPLES cases per operation and phase (default 15), and the
# whole check is stopped after CONTRACT_SECONDS (default 300). CONTRACT_SEED fixes the
# data generated (default: a new seed each run, printed, so a failure can be replayed).
#
# POST /api/v1/mail/inbound/ is left out: it takes raw MIME (message/rfc822) behind a
# shared secret and is off unless configured; tests/mail covers it with real messages.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

py="$root/.venv/bin/python"
st="$root/.venv/bin/st"
examples="${CONTRACT_MAX_EXAMPLES:-15}"
budget="${CONTRACT_SECONDS:-300}"
seed="${CONTRACT_SEED:-$((RANDOM * 32768 + RANDOM))}"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill -TERM -- "-$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.local
export DJANGO_DEBUG=false
export WARDCASE_VAR_DIR="$work/var"
export PYTHONUNBUFFERED=1
unset DATABASE_URL
mkdir -p "$WARDCASE_VAR_DIR/mail"

echo "api-contract: loading the demo council" >&2
"$py" manage.py migrate --noinput >"$work/setup.log" 2>&1
"$py" manage.py seed_demo >>"$work/setup.log" 2>&1 || {
    cat "$work/setup.log" >&2
    exit 1
}
# Values pass through files, never through captured output.
"$py" manage.py issue_api_token coordinator.dawson >"$work/coordinator.token" 2>/dev/null
"$py" manage.py issue_api_token cllr.patel >"$work/councillor.token" 2>/dev/null
# A case each role may see, so generated requests reach the cases' actions, not only 404s.
for pair in coordinator:coordinator.dawson councillor:cllr.patel; do
    "$py" manage.py shell --no-imports -c "
from wardcase.accounts.models import User
from wardcase.cases.selectors import case_list
user = User.objects.get(username='${pair#*:}')
case = case_list(user=user).exclude(status='closed').order_by('pk').first()
with open('$work/${pair%%:*}.toml', 'w') as config:
    config.write('parameters = { \"reference\" = \"%s\" }\\n' % case.reference)
"
done
"$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    >"$work/port"
port="$(cat "$work/port")"

setsid "$py" manage.py runserver "127.0.0.1:$port" --noreload --nothreading \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done

deadline=$((SECONDS + budget))
rc=0
for role in coordinator councillor; do
    left=$((deadline - SECONDS))
    if [ "$left" -le 0 ]; then
        echo "api-contract: out of time before the $role's run" >&2
        rc=1
        break
    fi
    echo "api-contract: as the $role (seed $seed, $examples examples per operation)"
    timeout "$left" "$st" --config-file "$work/$role.toml" run "http://127.0.0.1:$port/api/v1/schema/" \
        --header "Authorization: Token $(cat "$work/$role.token")" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing,stateful \
        --exclude-path /api/v1/mail/inbound/ \
        --max-examples "$examples" --seed "$seed" \
        --no-color --output-truncate true --workers 1 || rc=$?
done

if [ "$rc" -ne 0 ]; then
    echo "api-contract: FAILED (exit $rc); the server's log ends:" >&2
    tail -n 40 "$work/server.log" >&2
fi
exit "$rc"
