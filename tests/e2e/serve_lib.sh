# serve_lib.sh - helpers of the end-to-end tests of `homeward serve`
# (test_serve*.sh source it after lib.sh): starting the real server on a
# free loopback port and stopping it, requests with curl (`api`) and their
# assertions (`expect_http`, `expect_error`, `expect_header`, `jget`,
# `header`), and a database with one user per role (`setup_users`,
# `login_as`, `password_of`).
#
# Every server a case starts is killed when the case ends, whatever
# happens (trap), and its stderr is checked for sanitizer reports.

SERVE_PID=
BASE=
TOKEN=
HDRS=
declare -A TOK

# ---- the server -----------------------------------------------------------

serve_kill()
{
	if [ -n "$SERVE_PID" ]; then
		kill -9 "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
	fi
	SERVE_PID=
}

# serve_start [ARGS]: starts the server on a free port; sets BASE.
serve_start()
{
	local i
	"$HOMEWARD" serve --listen 127.0.0.1:0 "$@" >serve.out 2>serve.err </dev/null &
	SERVE_PID=$!
	trap serve_kill EXIT
	for ((i = 0; i < 300; i++)); do
		BASE=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' serve.out)
		[ -n "$BASE" ] && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "the server did not start" "$(cat serve.out serve.err)"
	serve_kill
	return 1
}

_serve_sanitizer_check()
{
	if grep -qE 'ERROR: AddressSanitizer|LeakSanitizer|runtime error:' serve.err; then
		fail "sanitizer report from the server" "$(head -c 3000 serve.err)"
	fi
}

# serve_stop: SIGTERM, and the server must exit 0 within 30 s.
serve_stop()
{
	local rc watchdog
	kill -TERM "$SERVE_PID"
	(sleep 30 && kill -9 "$SERVE_PID") 2>/dev/null &
	watchdog=$!
	wait "$SERVE_PID"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	SERVE_PID=
	expect_equal "$rc" 0 "exit status of the server after SIGTERM"
	_serve_sanitizer_check
}

# ---- requests -------------------------------------------------------------

# api METHOD PATH [BODY [CURL_ARGS...]]: a request with the session of
# $TOKEN (Bearer) when set; BODY is JSON text, or @FILE.  Sets STATUS (the
# HTTP status), RUN_OUT (the body) and HDRS (the headers).
api()
{
	local method=$1 path=$2 body=${3-}
	shift 2
	[ $# -gt 0 ] && shift
	mkdir -p "$E2E_RUN_DIR"
	RUN_OUT=$E2E_RUN_DIR/body
	HDRS=$E2E_RUN_DIR/headers
	RUN_DESC="$method $path ${body:0:200}"
	RUN_SANITIZER=0
	local args=(-s -S -X "$method" -o "$RUN_OUT" -D "$HDRS" -w '%{http_code}' --max-time 60)
	[ -n "$TOKEN" ] && args+=(-H "Authorization: Bearer $TOKEN")
	[ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
	STATUS=$(curl "${args[@]}" "$@" "$BASE$path")
	tr -d '\r' <"$HDRS" >"$HDRS.lf" && mv "$HDRS.lf" "$HDRS"
}

expect_http()
{
	if [ "$STATUS" != "$1" ]; then
		fail "HTTP status $STATUS, expected $1" "body:" "$(_e2e_show "$RUN_OUT")"
	fi
}

# expect_error STATUS CODE FIELD: the JSON error of the last answer.
expect_error()
{
	expect_http "$1"
	expect_json_field 'j["error"]["code"]' "$2"
	expect_json_field 'j["error"]["field"]' "$3"
}

expect_header()
{
	grep -qixF -- "$1" "$HDRS" || fail "header missing: $1" "headers:" "$(cat "$HDRS")"
}

# jget EXPR: str(EXPR) over j, the JSON of the last answer.
jget()
{
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2])
print("null" if v is None else v)' "$RUN_OUT" "$1"
}

# header NAME: the value of a header of the last answer.
header()
{
	sed -n "s/^$1: //Ip" "$HDRS" | head -n 1
}

# ---- users and data -------------------------------------------------------

ROLES="admin coordinator registrar verifier medical analyst"

password_of()
{
	if [ "$1" = admin ]; then
		printf '%s' "$ADMIN_PW"
	else
		printf '%s-password-1' "$1"
	fi
}

# setup_users: a database with one user per role, named after the role.
setup_users()
{
	local role
	hw init
	expect_status 0
	ADMIN_PW=$(sed -n "s/^password of 'admin': //p" "$RUN_OUT")
	for role in coordinator registrar verifier medical analyst; do
		run sh -c 'printf "%s\n" "$0" | "$HOMEWARD" user add "$1" --role "$1" --password-stdin' \
			"$(password_of "$role")" "$role"
		expect_status 0
	done
}

# login_as USER: logs in; TOKEN and TOK[USER] get the token.
login_as()
{
	TOKEN=
	api POST /api/v1/login "{\"user\":\"$1\",\"password\":\"$(password_of "$1")\"}"
	expect_http 200
	TOKEN=$(jget 'j["token"]')
	TOK[$1]=$TOKEN
}

PERSON_JSON='{"family_name":"Коваленко","given_name":"Олександр","patronymic":"Петрович","sex":"M","birth_date":"1990-03-02","category":"military","branch":"army","unit":"A1234","held_by":"adversary","tags":["mariupol"],"refs":[{"source":"ua-hq","ref":"K-7"}]}'

# add_person: the registrar registers PERSON_JSON; REF is its reference.
add_person()
{
	TOKEN=${TOK[registrar]}
	api POST /api/v1/persons "$PERSON_JSON"
	expect_http 201
	REF=$(jget 'j["ref"]')
}

# etag_of REF: the current ETag, read as the registrar.
etag_of()
{
	local saved=$TOKEN
	TOKEN=${TOK[registrar]}
	api GET "/api/v1/persons/$1"
	header ETag
	TOKEN=$saved
}
